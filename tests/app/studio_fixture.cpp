#include "studio_fixture.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "core/atomic_file.hpp"
#include "core/emotion.hpp"
#include "core/face_dataset.hpp"
#include "models/model_io.hpp"

namespace ferlab::app::testing {
namespace fs = std::filesystem;

TempDir::TempDir(const std::string& tag)
    : root_(fs::temp_directory_path() / ("ferlab_app_" + tag + "_" + std::to_string(::getpid()))) {
  fs::remove_all(root_);
  fs::create_directories(root_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(root_, ignored);
}

namespace {

// Class c: a blob whose position and size depend on the class, plus per-sample noise.
cv::Mat synthetic_face(int label, int sample) {
  cv::Mat face(kFaceSize, kFaceSize, CV_8UC1, cv::Scalar(60 + 20 * label));
  cv::circle(face, {10 + 4 * label, 24 + (sample % 5)}, 6 + label, cv::Scalar(230 - 20 * label), cv::FILLED);
  cv::Mat noise(face.size(), CV_8UC1);
  cv::randu(noise, 0, 30 + sample % 7);
  return face + noise;
}

}  // namespace

void write_tiny_csv(const std::string& path, int per_class_train, int per_class_test) {
  std::ostringstream csv;
  csv << "emotion,pixels,Usage\n";
  cv::setRNGSeed(7);
  for (int label = 0; label < kNumEmotions; ++label) {
    for (int i = 0; i < per_class_train + per_class_test; ++i) {
      const cv::Mat face = synthetic_face(label, i);
      csv << label << ',';
      for (int p = 0; p < kFacePixels; ++p) csv << (p ? " " : "") << static_cast<int>(face.data[p]);
      csv << ',' << (i < per_class_train ? "Training" : "PublicTest") << '\n';
    }
  }
  write_text_atomically(path, csv.str());
}

std::string write_random_cnn(const std::string& dir, const std::string& name, uint64_t seed) {
  torch::manual_seed(seed);
  ModelCard card;
  card.name = name;
  card.arch = "cnn";
  const std::string path = dir + "/" + name + ".safetensors";
  save_model(path, make_model("cnn"), card);
  return path;
}

void write_image_folder(const std::string& dir, int count) {
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    cv::Mat frame(240, 320, CV_8UC3, cv::Scalar(90, 110, 130));
    // A bright oval with two dark eyes and a mouth: enough for a face to be drawn, if not detected.
    cv::ellipse(frame, {160 + 2 * i, 120}, {55, 72}, 0, 0, 360, cv::Scalar(170, 190, 220), cv::FILLED);
    cv::circle(frame, {140 + 2 * i, 100}, 7, cv::Scalar(40, 40, 40), cv::FILLED);
    cv::circle(frame, {180 + 2 * i, 100}, 7, cv::Scalar(40, 40, 40), cv::FILLED);
    cv::ellipse(frame, {160 + 2 * i, 150}, {22, 9}, 0, 0, 180, cv::Scalar(60, 40, 120), 3);
    char name[32];
    std::snprintf(name, sizeof name, "/frame%03d.png", i);
    cv::imwrite(dir + name, frame);
  }
}

StudioRun run_studio_screenshot(const TempDir& dir, const std::string& name, const std::string& args) {
  StudioRun run;
  const std::string png = dir.path(name + ".png");
  const std::string log = dir.path(name + ".log");
  const std::string command = std::string(FERLAB_BINARY) + " studio --screenshot " + png + " " + args + " > " + log + " 2>&1";
  const int status = std::system(command.c_str());
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream in(log);
  run.output.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (fs::exists(png)) run.image = cv::imread(png, cv::IMREAD_COLOR);
  const std::string json = dir.path(name + ".json");
  if (fs::exists(json)) run.sidecar = nlohmann::json::parse(read_text_file(json));
  return run;
}

bool have_display() {
  const char* display = std::getenv("DISPLAY");
  return display && *display;
}

nlohmann::json find_window(const nlohmann::json& sidecar, const std::string& title) {
  for (const auto& window : sidecar.value("windows", nlohmann::json::array())) {
    if (window.value("name", "") == title) return window;
  }
  return nullptr;
}

bool write_face_frames(const std::string& dir, int count, cv::Size size, const std::vector<cv::Rect>& boxes) {
  const fs::path faces = fs::path(FERLAB_SHARED_DIR) / "fer2013" / "test" / "happy";
  if (!fs::is_directory(faces)) return false;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(faces)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.size() < boxes.size()) return false;
  fs::create_directories(dir);
  for (int i = 0; i < count; ++i) {
    cv::Mat frame(size, CV_8UC3, cv::Scalar(90, 100, 110));
    for (size_t b = 0; b < boxes.size(); ++b) {
      cv::Mat face = cv::imread(files[(static_cast<size_t>(i) + b) % files.size()].string(), cv::IMREAD_COLOR);
      cv::resize(face, face, boxes[b].size(), 0, 0, cv::INTER_CUBIC);
      face.copyTo(frame(boxes[b]));
    }
    cv::imwrite(dir + "/frame" + std::to_string(i) + ".png", frame);
  }
  return true;
}

double seconds_since_start() {
  static const auto start = std::chrono::steady_clock::now();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool poll_until(Workbench& bench, LiveFeed* feed, const std::function<bool()>& done,
                std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    bench.models.poll(bench.log);
    bench.data.poll(bench.log);
    if (feed) feed->poll(bench, seconds_since_start());
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace ferlab::app::testing
