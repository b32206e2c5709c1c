// scripts/gpu_train.sh is what a lent GPU runs, once, in minutes that cannot be
// had again: its orchestration is checked here on the CPU, with the real
// `ferlab` and a small planted-pattern pack.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "data/dataset_io.hpp"
#include "planted_patterns.hpp"
#include "support/run_ferlab.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using test::quoted;

TEST(GpuTrainScript, DryRunTrainsDistilsAndBringsBackWhatFits) {
  testing::TempDir dir("gpu-train-script");
  const fs::path pack = dir.path() / "faces.ferpack";
  save_packed(testing::planted_pattern_dataset(/*per_class=*/6, /*seed=*/11), pack.string());
  ASSERT_EQ(test::run_command("xz " + quoted(pack.string())).exit_code, 0);  // the pack travels compressed

  const std::string scripts = std::string(FERLAB_SOURCE_DIR) + "/scripts/";
  const fs::path out = dir.path() / "out";
  // A 10 MiB return limit: resnet18's 22 MB of weights cannot come back, the cnns can.
  const auto run = test::run_command(
      "FERLAB_BIN=" + quoted(FERLAB_BINARY) + " FERLAB_DEVICE=cpu FERLAB_MAX_EPOCHS=1 FERLAB_RETURN_MIB=10" +
      " FERLAB_WORK_DIR=" + quoted((dir.path() / "work").string()) +
      " FERLAB_RUNS=\"$(printf 'cnn-s1 --model cnn --seed 1\\nresnet18-s1 --model resnet18 --model-option stem=small "
      "--seed 1')\"" +
      " bash " + quoted(scripts + "gpu_train.sh") + " " + quoted(pack.string() + ".xz") + " " +
      quoted(out.string()) + " 600");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("stage 2: cnn-kd from cnn-s1, teacher cnn-s1 + resnet18-s1"), std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("left behind (no room to return): resnet18-s1"), std::string::npos) << run.output;
  ASSERT_TRUE(fs::exists(out / "summary.txt"));
  ASSERT_TRUE(fs::exists(out / "results.tar.00"));

  const fs::path back = dir.path() / "back";
  const auto unpack = test::run_command("bash " + quoted(scripts + "gpu_travel.sh") + " unpack " + quoted(out.string()) +
                                " " + quoted(back.string()));
  ASSERT_EQ(unpack.exit_code, 0) << unpack.output;
  EXPECT_TRUE(fs::exists(back / "runs/cnn-s1/best.safetensors"));
  EXPECT_FALSE(fs::exists(back / "runs/resnet18-s1/best.safetensors"));
  // One epoch (FERLAB_MAX_EPOCHS) in the log: a header and one row.
  const std::string log = read_text_file((back / "runs/cnn-s1/log.csv").string());
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2) << log;

  // The distilled cnn: from the best cnn, towards the ensemble, on sharp faces.
  ASSERT_TRUE(fs::exists(back / "runs/cnn-kd/best.safetensors"));
  const auto card = nlohmann::json::parse(read_text_file((back / "runs/cnn-kd/best.json").string()));
  EXPECT_EQ(card.at("training").at("targets").at("teacher").at("model"), "ensemble(cnn-s1, resnet18-s1)");
  EXPECT_EQ(card.at("training").at("targets").at("teacher").at("weight"), 0.5);
  EXPECT_NE(card.at("training").at("pretrained").get<std::string>().find("cnn-s1/best.safetensors"), std::string::npos);
  EXPECT_EQ(card.at("normalization").at("blur_sigma"), 0.0);
  // Every run keeps a weight average, and that is what it saved.
  EXPECT_EQ(card.at("training").at("weight_average").at("decay"), 0.999);
  EXPECT_NE(log.find(",raw_val_acc\n"), std::string::npos) << log;
}

}  // namespace
}  // namespace ferlab
