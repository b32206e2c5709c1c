#pragma once
// Running the real `ferlab studio --screenshot` on generated data and a
// freshly initialised model, and reading back what it drew.
#include <nlohmann/json.hpp>
#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/live_feed.hpp"
#include "app/workbench.hpp"

namespace ferlab::app::testing {

// A temporary folder removed with its contents at destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& name) const { return (root_ / name).string(); }

 private:
  std::filesystem::path root_;
};

// FER-2013-style CSV: `per_class_train` + `per_class_test` faces of each class,
// each class a different synthetic pattern, so that the chart and grid differ.
void write_tiny_csv(const std::string& path, int per_class_train, int per_class_test);

// An untrained CNN saved as NAME.safetensors + NAME.json; returns the weights path.
std::string write_random_cnn(const std::string& dir, const std::string& name, uint64_t seed = 3);

// Image folder of `count` PNG frames (a face-like pattern, varied per frame).
void write_image_folder(const std::string& dir, int count);

struct StudioRun {
  int exit_code = -1;
  std::string output;       // stdout and stderr together
  cv::Mat image;            // the screenshot (empty if none)
  nlohmann::json sidecar;   // the .json beside it (null if none)
};

// Runs FERLAB_BINARY `studio --screenshot DIR/NAME.png ARGS`.
StudioRun run_studio_screenshot(const TempDir& dir, const std::string& name, const std::string& args);

// The UI's clock in a test (ImGui::GetTime() in the studio): seconds since the
// test program first asked.
double seconds_since_start();

bool have_display();

// `count` PNG frames of `size` (a plain wall) with real FER-2013 test faces (happy,
// then the next ones) enlarged into `boxes`, as a webcam would show them, so that
// the detectors find them. False when FER-2013 is not beside the repository.
bool write_face_frames(const std::string& dir, int count, cv::Size size, const std::vector<cv::Rect>& boxes);

// Polls the model shelf, the data source and the feed, as the UI loop does,
// until `done` or the timeout.
bool poll_until(Workbench& bench, LiveFeed* feed, const std::function<bool()>& done,
                std::chrono::milliseconds timeout);

// The sidecar's entry for the window titled `title`, or null.
nlohmann::json find_window(const nlohmann::json& sidecar, const std::string& title);

}  // namespace ferlab::app::testing
