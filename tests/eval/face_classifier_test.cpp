#include "eval/face_classifier.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <thread>

#include "core/errors.hpp"
#include "eval/model_input.hpp"
#include "eval_test_support.hpp"
#include "models/preprocess.hpp"

namespace ferlab {
namespace {

using testing::random_faces;
using testing::save_random_model;

class FaceClassifierTest : public testing::TempDirTest {};

void expect_probabilities_near(const Probabilities& a, const Probabilities& b, float tolerance) {
  for (int c = 0; c < kNumEmotions; ++c) EXPECT_NEAR(a[c], b[c], tolerance) << "class " << emotion_name(c);
}

// A face whose right half mirrors its left half, so a horizontal flip leaves it unchanged.
std::vector<uint8_t> symmetric_face(uint32_t seed) {
  std::vector<uint8_t> face = random_faces(1, seed);
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize / 2; ++x) face[y * kFaceSize + (kFaceSize - 1 - x)] = face[y * kFaceSize + x];
  return face;
}

TEST_F(FaceClassifierTest, SingleModelGivesSoftmaxOfTheNetworkLogits) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  const std::vector<uint8_t> faces = random_faces(5, 7);
  const auto probs = classifier.predict(faces.data(), 5);

  const LoadedModel& model = classifier.models().front();
  torch::NoGradGuard no_grad;
  const torch::Tensor expected = torch::softmax(model.net->forward(model_input(model.card, faces.data(), 5)), 1);
  for (size_t i = 0; i < 5; ++i) {
    float sum = 0;
    for (int c = 0; c < kNumEmotions; ++c) {
      EXPECT_NEAR(probs[i][c], expected[i][c].item<float>(), 1e-6);
      sum += probs[i][c];
    }
    EXPECT_NEAR(sum, 1.0f, 1e-5);
  }
}

TEST_F(FaceClassifierTest, EnsembleAveragesTheMembersSoftmax) {
  const std::string a = save_random_model(dir_, "a", 1);
  const std::string b = save_random_model(dir_, "b", 2);
  const std::vector<uint8_t> faces = random_faces(6, 3);

  const auto pa = FaceClassifier::load({a}).predict(faces.data(), 6);
  const auto pb = FaceClassifier::load({b}).predict(faces.data(), 6);
  const FaceClassifier ensemble = FaceClassifier::load({a, b});
  const auto pe = ensemble.predict(faces.data(), 6);

  EXPECT_TRUE(ensemble.is_ensemble());
  EXPECT_EQ(ensemble.description(), "ensemble(a, b)");
  bool members_differ = false;
  for (size_t i = 0; i < 6; ++i) {
    Probabilities mean;
    for (int c = 0; c < kNumEmotions; ++c) {
      mean[c] = (pa[i][c] + pb[i][c]) / 2;
      members_differ |= std::abs(pa[i][c] - pb[i][c]) > 1e-3f;
    }
    expect_probabilities_near(pe[i], mean, 1e-6f);
  }
  EXPECT_TRUE(members_differ) << "two seeds gave the same model: the test would prove nothing";
}

// The card's temperature divides the logits before the softmax, for every user of predict().
TEST_F(FaceClassifierTest, CardTemperatureDividesTheLogitsBeforeTheSoftmax) {
  LoadedModel model = load_model(save_random_model(dir_, "a", 1));
  model.card.calibration = CardCalibration{2.5, "test", 0, 0};
  const FaceClassifier classifier({model});
  const std::vector<uint8_t> faces = random_faces(4, 9);
  const auto probs = classifier.predict(faces.data(), 4);
  const std::vector<Logits> logits = classifier.member_logits(0, faces.data(), 4);

  torch::NoGradGuard no_grad;
  const torch::Tensor raw = model.net->forward(model_input(model.card, faces.data(), 4));
  const torch::Tensor expected = torch::softmax(raw / 2.5, 1);
  for (size_t i = 0; i < 4; ++i)
    for (int c = 0; c < kNumEmotions; ++c) {
      EXPECT_NEAR(probs[i][c], expected[i][c].item<float>(), 1e-6);
      EXPECT_NEAR(logits[i][c], raw[i][c].item<float>(), 1e-5) << "member_logits are before the temperature";
    }
}

TEST_F(FaceClassifierTest, PredictIsTheMeanOfPredictMembers) {
  const FaceClassifier ensemble = FaceClassifier::load({save_random_model(dir_, "a", 1), save_random_model(dir_, "b", 2)});
  const std::vector<uint8_t> faces = random_faces(3, 4);
  const auto members = ensemble.predict_members(faces.data(), 3, Tta::Flip);
  ASSERT_EQ(members.size(), 2u);
  const auto mean = ensemble.predict(faces.data(), 3, Tta::Flip);
  for (size_t i = 0; i < 3; ++i) {
    Probabilities expected;
    for (int c = 0; c < kNumEmotions; ++c) expected[c] = (members[0][i][c] + members[1][i][c]) / 2;
    expect_probabilities_near(mean[i], expected, 1e-7f);
  }
  EXPECT_THROW(ensemble.member_logits(2, faces.data(), 3), std::out_of_range);
}

TEST_F(FaceClassifierTest, FlipTtaOnHorizontallySymmetricFaceEqualsNoTta) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  const std::vector<uint8_t> face = symmetric_face(11);
  expect_probabilities_near(classifier.predict_one(face.data(), Tta::Flip), classifier.predict_one(face.data()),
                            1e-5f);
}

TEST_F(FaceClassifierTest, FlipTtaAveragesTheFaceAndItsMirror) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  std::vector<uint8_t> face = random_faces(1, 5);
  std::vector<uint8_t> mirror(face.size());
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x) mirror[y * kFaceSize + x] = face[y * kFaceSize + (kFaceSize - 1 - x)];
  const Probabilities plain = classifier.predict_one(face.data());
  const Probabilities mirrored = classifier.predict_one(mirror.data());
  Probabilities mean;
  for (int c = 0; c < kNumEmotions; ++c) mean[c] = (plain[c] + mirrored[c]) / 2;
  expect_probabilities_near(classifier.predict_one(face.data(), Tta::Flip), mean, 1e-6f);
}

TEST_F(FaceClassifierTest, TenCropOnUniformFaceEqualsNoTtaAndSumsToOne) {
  // Every crop of a uniform image, resized back, is the same uniform image.
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  const std::vector<uint8_t> gray(kFacePixels, 140);
  const Probabilities ten = classifier.predict_one(gray.data(), Tta::TenCrop);
  expect_probabilities_near(ten, classifier.predict_one(gray.data()), 1e-5f);

  const std::vector<uint8_t> faces = random_faces(3, 9);
  for (const Probabilities& p : classifier.predict(faces.data(), 3, Tta::TenCrop))
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0f), 1.0f, 1e-5);
}

TEST_F(FaceClassifierTest, BatchSizeDoesNotChangeResults) {
  FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  const std::vector<uint8_t> faces = random_faces(10, 4);
  const auto whole = classifier.predict(faces.data(), 10);
  classifier.set_batch_size(3);  // 3 + 3 + 3 + 1
  const auto batched = classifier.predict(faces.data(), 10);
  for (size_t i = 0; i < 10; ++i) expect_probabilities_near(batched[i], whole[i], 1e-6f);
}

TEST_F(FaceClassifierTest, ConcurrentPredictCallsMatchSequentialOnes) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  const std::vector<uint8_t> faces = random_faces(8, 6);
  const auto expected = classifier.predict(faces.data(), 8, Tta::Flip);
  std::vector<std::vector<Probabilities>> got(3);
  std::vector<std::thread> threads;
  for (auto& out : got)
    threads.emplace_back([&classifier, &faces, &out] {
      for (int k = 0; k < 3; ++k) out = classifier.predict(faces.data(), 8, Tta::Flip);
    });
  for (std::thread& t : threads) t.join();
  for (const auto& run : got)
    for (size_t i = 0; i < 8; ++i) expect_probabilities_near(run[i], expected[i], 1e-6f);
}

TEST_F(FaceClassifierTest, PredictOnNoFacesReturnsNothing) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 1)});
  EXPECT_TRUE(classifier.predict(nullptr, 0).empty());
}

TEST(FaceClassifier, RejectsEmptyModelList) { EXPECT_THROW(FaceClassifier({}), ModelError); }

TEST(FaceClassifier, LoadNamesTheMissingFile) {
  try {
    FaceClassifier::load({"/nonexistent/dir/cnn.safetensors"});
    FAIL() << "no ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/cnn"), std::string::npos) << e.what();
  }
}

TEST(Tta, NamesRoundTripAndUnknownIsRejected) {
  for (Tta t : {Tta::None, Tta::Flip, Tta::TenCrop}) EXPECT_EQ(tta_from_name(tta_name(t)), t);
  EXPECT_EQ(tta_from_name("Ten-Crop"), Tta::TenCrop);
  EXPECT_FALSE(tta_from_name("rotate").has_value());
  EXPECT_EQ(tta_view_count(Tta::TenCrop), 10);
}

TEST(ModelInput, ResizesToTheCardInputSize) {
  ModelCard card;
  card.input_size = 64;
  const std::vector<uint8_t> faces = random_faces(2, 1);
  const torch::Tensor x = model_input(card, faces.data(), 2);
  EXPECT_EQ(x.sizes(), (std::vector<int64_t>{2, 1, 64, 64}));
  card.input_size = 48;
  EXPECT_TRUE(torch::equal(model_input(card, faces.data(), 2),
                           faces_to_tensor(faces.data(), 2, card.normalization, kFaceSize)));
}

}  // namespace
}  // namespace ferlab
