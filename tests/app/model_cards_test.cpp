// The Models panel's cards: what a loaded model's card says and what its
// network measures, for a single model and for an ensemble of two, loaded
// through the real shelf from real weights files.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <thread>

#include "app/model_card_text.hpp"
#include "app/model_shelf.hpp"
#include "models/model_io.hpp"
#include "studio_fixture.hpp"
#include "support/torchscript_fixtures.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;

std::string save_cnn(const TempDir& dir, const std::string& name, const nlohmann::json& metrics,
                     const nlohmann::json& training, std::optional<CardCalibration> calibration = std::nullopt) {
  ModelCard card;
  card.calibration = calibration;
  card.name = name;
  card.arch = "cnn";
  card.metrics = metrics;
  card.training = training;
  card.created = "2026-11-30T09:15:00Z";
  const std::string path = dir.path(name + ".safetensors");
  save_model(path, make_model("cnn"), card);
  return path;
}

bool has_line(const std::vector<std::string>& lines, const std::string& wanted) {
  return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

const std::vector<ShelfModel>& load_all(ModelShelf& shelf, size_t count) {
  EventLog log;
  const auto end = std::chrono::steady_clock::now() + 60s;
  while (shelf.models().size() < count && std::chrono::steady_clock::now() < end) {
    shelf.poll(log);
    std::this_thread::sleep_for(10ms);
  }
  return shelf.models();
}

TEST(ModelCards, ShelfShowsEachModelsCardAndSizeAndAnEnsemblesTotal) {
  TempDir dir("model-cards");
  const std::string distilled =
      save_cnn(dir, "cnn-distilled", {{"val_accuracy", 0.60769}, {"val_split", "fer (test split)"}},
               {{"train_split", "fer (train split)"},
                {"train_images", 28709},
                {"teacher", {{"model", "ensemble(cnn, resnet18)"}, {"weight", 0.5}}},
                {"pretrained", "models/cnn.safetensors"},
                {"weight_average", {{"name", "ema"}, {"decay", 0.999}}}});
  save_cnn(dir, "cnn-bare", nlohmann::json::object(), nlohmann::json::object());
  std::ofstream(dir.path("ensemble.txt")) << "cnn-distilled cnn-bare\n";

  ModelShelf shelf(dir.path(""));
  EXPECT_EQ(shelf.names_in_dir(), (std::vector<std::string>{"cnn-bare", "cnn-distilled"}));  // the loader's buttons
  shelf.request_load("cnn-distilled");
  shelf.request_load("ensemble");
  const auto& models = load_all(shelf, 2);
  ASSERT_EQ(models.size(), 2u);

  ASSERT_EQ(models[0].members.size(), 1u);
  const ModelFacts& facts = models[0].members[0];
  EXPECT_EQ(facts.parameters, count_parameters(make_model("cnn")));
  EXPECT_EQ(facts.macs, count_macs(make_model("cnn")));
  EXPECT_EQ(facts.weights_path, distilled);
  const auto lines = model_card_lines(facts);
  EXPECT_TRUE(has_line(lines, "selected on fer (test split): 60.8 % (its best epoch there)"));
  EXPECT_TRUE(has_line(lines, "cnn: 1.47 M parameters, 86.8 M multiply-accumulates per face"));
  EXPECT_TRUE(has_line(lines, "trained on fer (train split), 28709 faces"));
  EXPECT_TRUE(has_line(lines, "distilled from ensemble(cnn, resnet18)"));
  EXPECT_TRUE(has_line(lines, "started from models/cnn.safetensors"));
  EXPECT_TRUE(has_line(lines, "averaged weights (EMA 0.999)"));
  EXPECT_TRUE(has_line(lines, "not calibrated (temperature 1)"));
  EXPECT_TRUE(has_line(lines, "written 2026-11-30"));

  const ShelfModel& ensemble = models[1];
  ASSERT_EQ(ensemble.members.size(), 2u);
  EXPECT_EQ(ensemble.members[1].name, "cnn-bare");
  const auto bare = model_card_lines(ensemble.members[1]);
  EXPECT_TRUE(has_line(bare, "no validation accuracy on its card"));
  EXPECT_EQ(std::count_if(bare.begin(), bare.end(), [](const std::string& l) { return l.rfind("distilled", 0) == 0; }), 0);
  EXPECT_EQ(std::count_if(bare.begin(), bare.end(), [](const std::string& l) { return l.rfind("averaged weights", 0) == 0; }), 0);
  EXPECT_EQ(ensemble_card_line(ensemble.members),
            "the mean of 2 members' probabilities: 2.94 M parameters, 174 M multiply-accumulates per face in all");
}

TEST(ModelCards, ATorchScriptModuleOnTheShelfSaysItsInputClassesAndLatency) {
  if (!test::have_pytorch()) GTEST_SKIP() << "no python3-torch (scripts/setup.sh installs it)";
  ASSERT_FALSE(test::torchscript_fixtures().empty());
  TempDir dir("model-cards-torchscript");
  for (const char* file : {"traced_ferplus.pt", "traced_ferplus.json", "plain.pt"})
    std::filesystem::copy_file(test::torchscript_fixtures() + "/" + file, dir.path(file));
  ModelShelf shelf(dir.path(""));
  EXPECT_EQ(shelf.names_in_dir(), (std::vector<std::string>{"plain", "traced_ferplus"}));
  shelf.request_load("traced_ferplus");
  shelf.request_load(dir.path("plain.pt"));
  const auto& models = load_all(shelf, 2);
  ASSERT_EQ(models.size(), 2u);
  const auto ferplus = model_card_lines(models[0].members[0]);
  EXPECT_TRUE(has_line(ferplus, "input 3 x 64 x 64, (pixel - 0.5) / 0.25 with pixels in [0, 1]"));
  EXPECT_TRUE(has_line(ferplus, "outputs neutral, happiness, surprise, sadness, anger, disgust, fear, contempt (mapped "
                                "by name); contempt: not one of the seven, left out"));
  EXPECT_TRUE(has_line(ferplus, "torchscript: 0.00 M parameters, 2.06 M multiply-accumulates per face"));
  EXPECT_GT(models[0].members[0].latency.median_ms, 0);
  EXPECT_EQ(models[0].members[0].latency.runs, kFactsLatencyRuns);
  const auto plain = model_card_lines(models[1].members[0]);
  EXPECT_TRUE(has_line(plain, "input 1 x 48 x 48, (pixel - 0) / 1 with pixels in [0, 1]"));
  EXPECT_TRUE(has_line(plain, "card: none beside the file: assumed FER-2013's seven classes in its CSV order, 48 x 48 "
                              "grey faces in [0, 1] (docs/YOUR_MODELS.md)"));
}

// A temperature fitted on the crowd's labels says so; one fitted on FER-2013's says only its value.
TEST(ModelCards, CalibrationOnTheCrowdsLabelsIsNamedOnTheCard) {
  TempDir dir("model-cards-calibration");
  const auto lines_of = [&](const std::string& name, const std::string& labels) {
    return model_card_lines(model_facts(load_model(save_cnn(dir, name, {}, {}, CardCalibration{0.49, "test", 0.2, 0.02, labels}))));
  };
  EXPECT_TRUE(has_line(lines_of("cnn-crowd", "ferplus"), "calibrated on the FER+ crowd's majority: temperature 0.49"));
  EXPECT_TRUE(has_line(lines_of("cnn-fer", "fer2013"), "calibrated: temperature 0.49"));
}

// The card's numbers are measured on a network the shelf then shares with the
// explainers: measuring must leave it able to take gradients.
TEST(ModelCards, MeasuringTheNetworkLeavesItsGradientsOn) {
  TempDir dir("model-cards-grad");
  const LoadedModel model = load_model(save_cnn(dir, "cnn", {}, {}));
  model_facts(model);
  for (const auto& p : model.net->parameters()) ASSERT_TRUE(p.requires_grad());
}

}  // namespace
}  // namespace ferlab::app::testing
