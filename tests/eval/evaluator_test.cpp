#include "eval/evaluator.hpp"

#include <gtest/gtest.h>

#include "eval_test_support.hpp"

namespace ferlab {
namespace {

using testing::random_faces;
using testing::save_random_model;

constexpr size_t kSamples = 40;

class EvaluatorTest : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    classifier_ = std::make_unique<FaceClassifier>(FaceClassifier::load({save_random_model(dir_, "eval-cnn", 3)}));
    faces_ = random_faces(kSamples, 21);
    for (const Probabilities& p : classifier_->predict(faces_.data(), kSamples)) own_predictions_.push_back(argmax(p));
  }

  // The generated faces, labelled label_of(i, the model's own prediction for face i).
  template <typename LabelOf>
  FaceDataset dataset(LabelOf label_of) const {
    FaceDataset ds;
    for (size_t i = 0; i < kSamples; ++i)
      ds.add(faces_.data() + i * kFacePixels, label_of(i, own_predictions_[i]), Split::PublicTest,
             "face" + std::to_string(i) + ".png");
    return ds;
  }

  std::unique_ptr<FaceClassifier> classifier_;
  std::vector<uint8_t> faces_;
  std::vector<int> own_predictions_;
};

TEST_F(EvaluatorTest, LabelsEqualToTheModelsOwnPredictionsScoreOneHundredPercent) {
  const EvalResult result = evaluate(*classifier_, dataset([](size_t, int pred) { return pred; }));
  EXPECT_EQ(result.confusion.total(), kSamples);
  EXPECT_DOUBLE_EQ(result.accuracy(), 1.0);
  EXPECT_TRUE(result.misclassified().empty());
  EXPECT_TRUE(result.complete);
}

TEST_F(EvaluatorTest, ShiftedLabelsLandOneRowBelowThePredictedColumn) {
  // true = (pred + 1) mod 7: every sample is wrong, and cell (pred+1, pred) holds
  // exactly the number of faces the model assigns to pred.
  const EvalResult result = evaluate(*classifier_, dataset([](size_t, int pred) { return (pred + 1) % kNumEmotions; }));
  EXPECT_EQ(result.accuracy(), 0.0);
  std::array<size_t, kNumEmotions> predicted_as{};
  for (int p : own_predictions_) ++predicted_as[p];
  for (int p = 0; p < kNumEmotions; ++p) {
    EXPECT_EQ(result.confusion.count((p + 1) % kNumEmotions, p), predicted_as[p]) << emotion_name(p);
    EXPECT_EQ(result.confusion.count(p, p), 0u);
  }
  EXPECT_EQ(result.misclassified().size(), kSamples);
}

TEST_F(EvaluatorTest, PerSamplePredictionsKeepIndexLabelsAndProbabilities) {
  const FaceDataset ds = dataset([](size_t i, int pred) { return i % 2 ? pred : (pred + 3) % kNumEmotions; });
  const EvalResult result = evaluate(*classifier_, ds, Tta::Flip);
  ASSERT_EQ(result.predictions.size(), kSamples);
  const auto expected = classifier_->predict(faces_.data(), kSamples, Tta::Flip);
  for (size_t i = 0; i < kSamples; ++i) {
    const SamplePrediction& p = result.predictions[i];
    EXPECT_EQ(p.index, i);
    EXPECT_EQ(p.true_label, ds.label(i));
    EXPECT_EQ(p.predicted, argmax(p.probabilities));
    EXPECT_EQ(p.correct(), i % 2 == 1);
    EXPECT_EQ(p.probabilities, expected[i]);
  }
  EXPECT_EQ(result.tta, Tta::Flip);
}

TEST_F(EvaluatorTest, MisclassifiedListsMostConfidentMistakesFirst) {
  const EvalResult result = evaluate(*classifier_, dataset([](size_t i, int pred) {
    return i % 3 == 0 ? (pred + 1) % kNumEmotions : pred;
  }));
  const std::vector<size_t> wrong = result.misclassified();
  ASSERT_EQ(wrong.size(), (kSamples + 2) / 3);
  for (size_t k = 1; k < wrong.size(); ++k) {
    const SamplePrediction& a = result.predictions[wrong[k - 1]];
    const SamplePrediction& b = result.predictions[wrong[k]];
    EXPECT_GE(a.probabilities[a.predicted], b.probabilities[b.predicted]);
  }
}

TEST_F(EvaluatorTest, ProgressReportsAndCanStopEarly) {
  FaceDataset big;
  for (int copy = 0; copy < 7; ++copy)  // 280 faces: two chunks of the evaluator's 256
    for (size_t i = 0; i < kSamples; ++i) big.add(faces_.data() + i * kFacePixels, 0, Split::PublicTest, "");
  std::vector<size_t> seen;
  const EvalResult full = evaluate(*classifier_, big, Tta::None, [&](size_t done, size_t total) {
    EXPECT_EQ(total, big.size());
    seen.push_back(done);
    return true;
  });
  EXPECT_EQ(seen, (std::vector<size_t>{256, 280}));
  EXPECT_TRUE(full.complete);

  const EvalResult stopped = evaluate(*classifier_, big, Tta::None, [](size_t, size_t) { return false; });
  EXPECT_FALSE(stopped.complete);
  EXPECT_EQ(stopped.predictions.size(), 256u);
  EXPECT_EQ(stopped.confusion.total(), 256u);
}

TEST_F(EvaluatorTest, JsonHasModelsSplitTtaMetricsMatrixAndPredictions) {
  const FaceDataset ds = dataset([](size_t, int pred) { return pred; });
  const EvalResult result = evaluate(*classifier_, ds, Tta::TenCrop);
  const nlohmann::json j = to_json(result, ds, {"some/data.csv", "test", true});
  EXPECT_EQ(j["models"], nlohmann::json::array({"eval-cnn"}));
  EXPECT_EQ(j["model_paths"], nlohmann::json::array({path("eval-cnn.safetensors")}));
  EXPECT_EQ(j["tta"], "tencrop");
  EXPECT_EQ(j["split"], "test");
  EXPECT_EQ(j["data"], "some/data.csv");
  EXPECT_EQ(j["samples"], kSamples);
  EXPECT_EQ(j["confusion_matrix"]["total"], kSamples);
  EXPECT_EQ(j["date"].get<std::string>().size(), 20u);  // 2026-01-31T12:00:00Z
  ASSERT_EQ(j["predictions"].size(), kSamples);
  EXPECT_EQ(j["predictions"][3]["source"], "face3.png");
  EXPECT_EQ(j["predictions"][3]["probabilities"].size(), 7u);
  EXPECT_EQ(nlohmann::json::parse(j.dump()), j);

  const nlohmann::json brief = to_json(result, ds, {"some/data.csv", "test", false});
  EXPECT_FALSE(brief.contains("predictions"));
}

}  // namespace
}  // namespace ferlab
