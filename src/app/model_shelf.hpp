#pragma once
// ModelShelf: the classifiers the workbench has loaded, each loaded on a worker
// thread so that the feed never freezes. Panels share the loaded classifiers
// (read-only: FaceClassifier::predict is const and thread-safe).
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/load_failure.hpp"
#include "app/event_log.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"

namespace ferlab::app {

struct ShelfModel {
  std::string spec;  // what the user asked for ("cnn", "ensemble", a path)
  std::string name;  // FaceClassifier::description()
  std::shared_ptr<const FaceClassifier> classifier;
  double load_seconds = 0;
  std::vector<ModelFacts> members;  // one per network: a single model has one
};

class ModelShelf {
 public:
  // Lists models_dir once: the names a loader button offers.
  explicit ModelShelf(std::string models_dir)
      : models_dir_(std::move(models_dir)), names_in_dir_(model_names_in(models_dir_)) {}

  // Queues a load; specs load one after another on a worker thread, started by poll().
  void request_load(const std::string& spec);
  // UI thread, once per frame: moves finished loads onto the shelf, errors into the log.
  void poll(EventLog& log);

  const std::vector<ShelfModel>& models() const { return models_; }
  void remove(size_t index);
  bool loading() const { return task_.running() || !queue_.empty(); }
  std::string loading_what() const { return task_.what(); }
  const std::string& models_dir() const { return models_dir_; }
  // The models found in models_dir when the shelf was made ("cnn", "cnn-ferplus", ...).
  const std::vector<std::string>& names_in_dir() const { return names_in_dir_; }

  // The last load that failed, until the next request; null when none.
  const std::optional<LoadFailure>& failure() const { return failure_; }

  // The model the live feed uses; -1 when none is loaded.
  int active() const { return active_; }
  void set_active(int index) { active_ = index; ++generation_; }
  std::shared_ptr<const FaceClassifier> active_classifier() const;
  // Bumped whenever the active model changes, so that its users notice.
  int generation() const { return generation_; }

 private:
  void start_next();

  std::string models_dir_;
  std::vector<std::string> names_in_dir_;
  std::vector<ShelfModel> models_;
  std::deque<std::string> queue_;
  BackgroundTask<ShelfModel> task_;
  std::string loading_spec_;  // the spec of the load under way
  std::optional<LoadFailure> failure_;
  int failures_ = 0;
  int active_ = -1;
  int generation_ = 0;
};

}  // namespace ferlab::app
