#pragma once
// A small network trained on data whose evidence is known, for the
// explanation tests: the class is the kind of blob (bright or dark) planted in
// a random quadrant of a noisy face-sized image, so the only place that tells
// the classes apart is the blob's quadrant.
#include <opencv2/core.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include "models/model_io.hpp"

namespace ferlab::test {

constexpr int kBlobKinds = 2;  // class 0: bright blob, class 1: dark blob

struct BlobImage {
  std::vector<uint8_t> pixels;
  int quadrant;  // 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
};

BlobImage blob_image(int kind, int quadrant, std::mt19937& rng);

// `count` images, kinds alternating, quadrants cycling, one after another in `pixels`.
struct BlobBatch {
  std::vector<uint8_t> pixels;
  std::vector<BlobImage> images;
};
BlobBatch blob_batch(size_t count, uint32_t seed);

// Trained once per test binary (a few seconds). Its layers: conv1 (48 px), conv2 (24 px), conv3 (12 px, the default).
const LoadedModel& blob_model();

// 0..3 as BlobImage::quadrant: the quadrant holding most of the map's mass.
int heaviest_quadrant(const cv::Mat& heatmap);
// The quadrant of the map's strongest pixel.
int hottest_quadrant(const cv::Mat& heatmap);

}  // namespace ferlab::test
