#pragma once
// Image sharpness per split. A model learns the blur level of its training
// faces: if the training split is much blurrier than the test split (or the
// camera), accuracy drops for reasons no architecture change will fix. This
// project's own copy of FER-2013 is such a case (`ferlab data stats`): its
// training images measure a median Laplacian variance of 5.9 against 2,040 for
// the test images, about what a Gaussian blur of sigma 3 does to the test faces.
#include <array>
#include <string>

#include "core/face_dataset.hpp"

namespace ferlab {

// Variance of the 4-neighbour Laplacian over the interior pixels of one 48x48
// face (the usual focus measure; the kernel of OpenCV's cv::Laplacian with
// ksize 1). Larger is sharper; a constant image gives 0.
double laplacian_variance(const uint8_t* face48);

struct SplitSharpness {
  size_t faces = 0;
  double p10 = 0, median = 0, p90 = 0;  // of laplacian_variance over the split's faces
};
using SharpnessBySplit = std::array<SplitSharpness, kNumSplits>;

SharpnessBySplit measure_sharpness(const FaceDataset& dataset);

// A table per split and, when two splits' medians differ more than tenfold, a
// warning naming them (a model trained on one will see a different world in the other).
std::string format_sharpness(const SharpnessBySplit& sharpness);

}  // namespace ferlab
