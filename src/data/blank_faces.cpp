#include "data/blank_faces.hpp"

#include <algorithm>
#include <cmath>

namespace ferlab {

double grey_level_spread(const uint8_t* face) {
  // Integer sums: exact, and 2304 * 255^2 fits easily in 64 bits.
  int64_t sum = 0, sum_sq = 0;
  for (int i = 0; i < kFacePixels; ++i) {
    sum += face[i];
    sum_sq += static_cast<int64_t>(face[i]) * face[i];
  }
  const double mean = static_cast<double>(sum) / kFacePixels;
  return std::sqrt(std::max(0.0, static_cast<double>(sum_sq) / kFacePixels - mean * mean));
}

bool is_blank_face(const uint8_t* face48) { return grey_level_spread(face48) < kBlankMaxSpread; }

std::vector<size_t> find_blank_faces(const FaceDataset& dataset) {
  std::vector<size_t> blank;
  for (size_t i = 0; i < dataset.size(); ++i)
    if (is_blank_face(dataset.image(i))) blank.push_back(i);
  return blank;
}

}  // namespace ferlab
