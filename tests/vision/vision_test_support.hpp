#pragma once
// Shared by the vision tests: FER-2013 faces, scenes, a temporary folder and a
// classifier built inside the test (no trained model is needed to test wiring).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "eval/face_classifier.hpp"
#include "support/run_ferlab.hpp"
#include "support/temp_dir.hpp"
#include "models/model_io.hpp"
#include "vision/face_detector.hpp"
#include "vision/synthetic_scene.hpp"

namespace ferlab::testing {

inline std::string fer2013_dir() { return std::string(FERLAB_SHARED_DIR) + "/fer2013"; }

inline bool have_fer2013() { return std::filesystem::is_directory(fer2013_dir() + "/test/happy"); }

#define FERLAB_REQUIRE_BLAZEFACE_AND_FER()                                                       \
  do {                                                                                           \
    if (!::ferlab::blazeface_available()) GTEST_SKIP() << "BlazeFace not fetched (scripts/fetch_models.sh)"; \
    if (!::ferlab::testing::have_fer2013()) GTEST_SKIP() << "FER-2013 not in " << ::ferlab::testing::fer2013_dir(); \
  } while (0)

using TempDir = ::ferlab::test::TempDir;

// The real `ferlab` on two threads, as on the project machine, whatever the test runner's machine has.
inline test::CommandResult run_ferlab(const std::string& args) { return test::run_ferlab("--threads 2 " + args); }

// A randomly initialised CNN: real network, real cost, meaningless labels.
inline LoadedModel untrained_cnn() {
  LoadedModel model;
  model.net = make_model("cnn");
  model.net->eval();
  model.card.name = "cnn-untrained-test";
  model.card.arch = "cnn";
  return model;
}

inline std::shared_ptr<const FaceClassifier> untrained_classifier() {
  std::vector<LoadedModel> members;
  members.push_back(untrained_cnn());
  return std::make_shared<const FaceClassifier>(std::move(members));
}

// Saves an untrained CNN so that the CLI can load it with --model PATH.
inline std::string save_untrained_cnn(const TempDir& dir) {
  const std::string path = dir.file("cnn-untrained.safetensors");
  LoadedModel model = untrained_cnn();
  save_model(path, model.net, model.card);
  return path;
}

}  // namespace ferlab::testing
