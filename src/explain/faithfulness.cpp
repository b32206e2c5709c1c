#include "explain/faithfulness.hpp"

#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <functional>
#include <numeric>
#include <random>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_input.hpp"
#include "explain/map_tensors.hpp"
#include "models/model_io.hpp"

namespace ferlab {

namespace {

// Pixel indices, strongest evidence first. Ties (a CAM's flat zero region) are
// broken by a seeded shuffle, not by index, which would remove the face row by
// row from the top and so measure where the forehead is.
std::vector<int> pixel_order(const cv::Mat& heatmap, uint32_t seed) {
  std::vector<int> order(kFacePixels);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937 rng(seed);
  std::shuffle(order.begin(), order.end(), rng);
  const float* h = heatmap.ptr<float>();
  std::stable_sort(order.begin(), order.end(), [h](int a, int b) { return h[a] > h[b]; });
  return order;
}

double area(const std::vector<float>& curve) {
  double sum = 0;
  for (size_t k = 1; k < curve.size(); ++k) sum += 0.5 * (curve[k - 1] + curve[k]);
  return sum / static_cast<double>(curve.size() - 1);
}

// The 2 (steps + 1) images of one face: deletion's, then insertion's.
void append_curve_images(const uint8_t* face, const cv::Mat& heatmap, const FaithfulnessOptions& options,
                         std::vector<uint8_t>& images) {
  const cv::Mat original(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(face));
  cv::Mat blurred;
  cv::GaussianBlur(original, blurred, cv::Size(0, 0), options.blur_sigma, options.blur_sigma, cv::BORDER_REFLECT);
  const std::vector<int> order = pixel_order(heatmap, options.seed);
  for (const bool deleting : {true, false}) {
    std::vector<uint8_t> image(deleting ? face : blurred.ptr<uint8_t>(),
                               (deleting ? face : blurred.ptr<uint8_t>()) + kFacePixels);
    const uint8_t* replacement = deleting ? blurred.ptr<uint8_t>() : face;
    size_t changed = 0;
    for (int step = 0; step <= options.steps; ++step) {
      const size_t until = static_cast<size_t>(step) * kFacePixels / static_cast<size_t>(options.steps);
      for (; changed < until; ++changed) image[order[changed]] = replacement[order[changed]];
      images.insert(images.end(), image.begin(), image.end());
    }
  }
}

// The curves, whatever gives the probabilities of a batch of images.
using ImageProbabilities = std::function<std::vector<Probabilities>(const uint8_t* images, size_t count)>;
std::vector<FaithfulnessCurves> curves_of(const ImageProbabilities& probabilities_of, const uint8_t* faces48,
                                          const std::vector<ClassActivationMap>& maps,
                                          const FaithfulnessOptions& options) {
  if (options.steps < 1) throw ModelError("faithfulness: steps must be at least 1");
  const size_t points = static_cast<size_t>(options.steps) + 1;
  const size_t per_face = 2 * points;
  const size_t faces_per_batch = std::max<size_t>(1, options.batch_size / per_face);
  std::vector<FaithfulnessCurves> curves(maps.size());
  for (size_t start = 0; start < maps.size(); start += faces_per_batch) {
    const size_t end = std::min(maps.size(), start + faces_per_batch);
    std::vector<uint8_t> images;
    images.reserve((end - start) * per_face * kFacePixels);
    for (size_t i = start; i < end; ++i)
      append_curve_images(faces48 + i * kFacePixels, maps[i].heatmap, options, images);
    const std::vector<Probabilities> p = probabilities_of(images.data(), images.size() / kFacePixels);
    for (size_t i = start; i < end; ++i) {
      FaithfulnessCurves& c = curves[i];
      const size_t first = (i - start) * per_face;
      for (size_t k = 0; k < per_face; ++k) {
        const float value = p[first + k][static_cast<size_t>(maps[i].target_class)];
        (k < points ? c.deletion : c.insertion).push_back(value);
      }
      c.deletion_auc = area(c.deletion);
      c.insertion_auc = area(c.insertion);
    }
  }
  return curves;
}

}  // namespace

std::vector<FaithfulnessCurves> faithfulness_curves(const LoadedModel& model, const uint8_t* faces48,
                                                    const std::vector<ClassActivationMap>& maps,
                                                    const FaithfulnessOptions& options) {
  if (!model.net) throw ModelError("faithfulness: model " + model.weights_path + " has no network");
  return curves_of(
      [&model](const uint8_t* images, size_t count) {
        torch::NoGradGuard no_grad;
        return probability_rows(class_probabilities(model, model.net->forward(model_input(model.card, images, count))));
      },
      faces48, maps, options);
}

std::vector<FaithfulnessCurves> faithfulness_curves(const FaceClassifier& classifier, const uint8_t* faces48,
                                                    const std::vector<ClassActivationMap>& maps,
                                                    const FaithfulnessOptions& options) {
  if (!classifier.is_ensemble()) return faithfulness_curves(classifier.models().front(), faces48, maps, options);
  return curves_of([&classifier](const uint8_t* images, size_t count) { return classifier.predict(images, count); },
                   faces48, maps, options);
}

}  // namespace ferlab
