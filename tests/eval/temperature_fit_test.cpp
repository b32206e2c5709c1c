// Fitting a member's temperature from its logits on a labelled dataset.
#include "eval/temperature_fit.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "eval_test_support.hpp"

namespace ferlab {
namespace {

using testing::random_faces;
using testing::save_random_model;

class TemperatureFitTest : public testing::TempDirTest {};

// Labels chosen as the model's own top class: it is right on every face, so
// the NLL falls as the temperature sharpens the softmax, and the fit must move
// T below 1 and lower both NLL and ECE.
TEST_F(TemperatureFitTest, SharpensAModelThatIsAlwaysRight) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 3)});
  const std::vector<uint8_t> pixels = random_faces(40, 5);
  const auto probs = classifier.predict(pixels.data(), 40);
  FaceDataset dataset;
  for (size_t i = 0; i < 40; ++i) dataset.add(pixels.data() + i * kFacePixels, argmax(probs[i]), Split::PublicTest, "f");

  size_t last_done = 0;
  const TemperatureFit fit = fit_member_temperature(classifier, 0, dataset, [&](size_t done, size_t total) {
    EXPECT_EQ(total, 40u);
    last_done = done;
    return true;
  });
  EXPECT_EQ(last_done, 40u);
  EXPECT_LT(fit.temperature, 1.0);
  EXPECT_LT(fit.after.nll, fit.before.nll);
  EXPECT_LT(fit.after.ece, fit.before.ece);
  EXPECT_EQ(fit.before.samples, 40u);
}

TEST_F(TemperatureFitTest, EmptyDatasetIsAUsageError) {
  const FaceClassifier classifier = FaceClassifier::load({save_random_model(dir_, "a", 3)});
  EXPECT_THROW(fit_member_temperature(classifier, 0, FaceDataset{}), UsageError);
}

}  // namespace
}  // namespace ferlab
