#pragma once
// Shared by the eval tests: a per-test temporary folder and small real models
// (randomly initialised, BatchNorm statistics from a few forward passes) saved
// the way `ferlab train` saves them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/face_dataset.hpp"
#include "models/model_io.hpp"

namespace ferlab::testing {

namespace fs = std::filesystem;

class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ferlab_eval_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

// Saves a random `arch` model as dir/name.safetensors (+ .json) and returns the weights path.
inline std::string save_random_model(const fs::path& dir, const std::string& name, uint64_t seed,
                                     const std::string& arch = "cnn") {
  torch::manual_seed(seed);
  EmotionNet net = make_model(arch);
  net->train();
  {
    torch::NoGradGuard no_grad;
    for (int i = 0; i < 2; ++i) net->forward(torch::rand({8, 1, 48, 48}) * 2 - 1);
  }
  net->eval();
  ModelCard card;
  card.name = name;
  card.arch = arch;
  const std::string weights = (dir / (name + ".safetensors")).string();
  save_model(weights, net, card);
  return weights;
}

// n random 48x48 faces, reproducible from `seed`.
inline std::vector<uint8_t> random_faces(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> pixel(0, 255);
  std::vector<uint8_t> faces(n * kFacePixels);
  for (uint8_t& p : faces) p = static_cast<uint8_t>(pixel(rng));
  return faces;
}

}  // namespace ferlab::testing
