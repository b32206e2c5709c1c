#include "app/model_shelf.hpp"

#include <chrono>

namespace ferlab::app {

void ModelShelf::request_load(const std::string& spec) {
  // Started by poll(), after it has taken the previous load's result: starting
  // the task here could discard a load that finished but was not taken yet.
  queue_.push_back(spec);
  failure_.reset();
}

void ModelShelf::start_next() {
  if (queue_.empty()) return;
  const std::string spec = queue_.front();
  queue_.pop_front();
  loading_spec_ = spec;
  task_.start("loading model " + (spec.empty() ? std::string("default") : spec), [spec, dir = models_dir_](TaskControl&) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::string> paths = resolve_model_paths(spec, dir);
    auto classifier = std::make_shared<const FaceClassifier>(FaceClassifier::load(paths));
    ShelfModel model;
    model.members = classifier->member_facts();  // while no other thread has the networks
    model.spec = spec;
    model.name = classifier->description();
    model.classifier = std::move(classifier);
    model.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return model;
  });
}

void ModelShelf::poll(EventLog& log) {
  if (task_.running()) return;
  if (auto model = task_.take_result()) {
    log.info("loaded model " + model->name + " in " + std::to_string(model->load_seconds).substr(0, 4) + " s");
    // Loading a model under a name already on the shelf replaces it (a retrained file).
    bool replaced = false;
    for (auto& existing : models_) {
      if (existing.name == model->name) {
        existing = std::move(*model);
        replaced = true;
        ++generation_;
      }
    }
    if (!replaced) models_.push_back(std::move(*model));
    if (active_ < 0) set_active(0);
  }
  if (auto error = task_.take_error()) {
    log.error("could not load model: " + *error);
    failure_ = LoadFailure{loading_spec_, *error, ++failures_};
  }
  start_next();
}

void ModelShelf::remove(size_t index) {
  if (index >= models_.size()) return;
  models_.erase(models_.begin() + static_cast<long>(index));
  if (static_cast<int>(index) < active_) --active_;
  if (active_ >= static_cast<int>(models_.size())) active_ = static_cast<int>(models_.size()) - 1;
  ++generation_;
}

std::shared_ptr<const FaceClassifier> ModelShelf::active_classifier() const {
  if (active_ < 0 || active_ >= static_cast<int>(models_.size())) return nullptr;
  return models_[static_cast<size_t>(active_)].classifier;
}

}  // namespace ferlab::app
