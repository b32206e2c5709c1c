// Deletion and insertion on the planted-feature network: a map that covers
// the blob must make the class go away faster when deleted, and come back
// faster when inserted, than a map that covers the opposite quadrant.
#include "explain/faithfulness.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "explain/blob_model.hpp"

namespace ferlab {
namespace {

ClassActivationMap quadrant_map(int quadrant, int target_class) {
  ClassActivationMap map;
  map.heatmap = cv::Mat::zeros(kFaceSize, kFaceSize, CV_32FC1);
  const int half = kFaceSize / 2;
  map.heatmap(cv::Rect((quadrant % 2) * half, (quadrant / 2) * half, half, half)).setTo(1.f);
  map.target_class = target_class;
  return map;
}

TEST(Faithfulness, AMapOnTheEvidenceDeletesAndInsertsTheClassFasterThanOneBesideIt) {
  const test::BlobBatch batch = test::blob_batch(8, 17);
  std::vector<ClassActivationMap> on, beside;
  for (size_t i = 0; i < batch.images.size(); ++i) {
    const int kind = static_cast<int>(i % test::kBlobKinds);
    on.push_back(quadrant_map(batch.images[i].quadrant, kind));
    beside.push_back(quadrant_map(3 - batch.images[i].quadrant, kind));
  }
  const auto good = faithfulness_curves(test::blob_model(), batch.pixels.data(), on);
  const auto bad = faithfulness_curves(test::blob_model(), batch.pixels.data(), beside);
  ASSERT_EQ(good.size(), batch.images.size());
  for (size_t i = 0; i < good.size(); ++i) {
    EXPECT_EQ(good[i].deletion.size(), 21u);
    EXPECT_LT(good[i].deletion_auc, bad[i].deletion_auc) << "image " << i;
    EXPECT_GT(good[i].insertion_auc, bad[i].insertion_auc) << "image " << i;
    // Both curves end on the same images: the blurred face and the face itself.
    EXPECT_NEAR(good[i].deletion.back(), bad[i].deletion.back(), 1e-5);
    EXPECT_NEAR(good[i].insertion.back(), good[i].deletion.front(), 1e-5);
  }
}

TEST(Faithfulness, BatchingDoesNotChangeTheCurves) {
  const test::BlobBatch batch = test::blob_batch(3, 23);
  std::vector<ClassActivationMap> maps;
  for (size_t i = 0; i < 3; ++i) maps.push_back(quadrant_map(batch.images[i].quadrant, static_cast<int>(i % 2)));
  FaithfulnessOptions one_face_per_pass;
  one_face_per_pass.batch_size = 1;
  const auto together = faithfulness_curves(test::blob_model(), batch.pixels.data(), maps);
  const auto apart = faithfulness_curves(test::blob_model(), batch.pixels.data(), maps, one_face_per_pass);
  for (size_t i = 0; i < 3; ++i) EXPECT_NEAR(together[i].deletion_auc, apart[i].deletion_auc, 1e-5);
}

}  // namespace
}  // namespace ferlab
