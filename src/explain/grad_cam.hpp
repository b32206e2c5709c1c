#pragma once
// Explanations: where in a 48x48 face the evidence for a class lies, by any
// method of explain_methods() (methods.hpp). The class activation maps
// differentiate the class score with respect to the feature map of one named
// layer (EmotionNetImpl::forward_with_features); the pixel attributions with
// respect to the input.
//
// Thread safety: like FaceClassifier::predict, safe to call concurrently with
// other readers of the network. Gradients are taken with torch::autograd::grad
// for the feature map or the input only, so nothing is accumulated into the
// parameters' .grad.
//
// Free of torch headers: LoadedModel is only declared.
#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "eval/face_classifier.hpp"
#include "explain/methods.hpp"

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

// A map's values before they were scaled to [0,1]: heatmap 0 is `low`, 1 is
// `high`, in the method's own units (an ensemble's: shares of each member's
// maximum). What puts several maps of one method on one scale.
struct MapRange {
  float low = 0, high = 0;
};

struct ClassActivationMap {
  cv::Mat heatmap;  // 48x48 CV_32FC1 in [0,1], 1 at the strongest evidence; all 0 when there is none
  int target_class = 0;
  Probabilities probabilities{};  // the model's calibrated probabilities (class_probabilities), same forward pass
  MapRange range;
};

// A heatmap (in [0,1] over `range`) on the scale from 0 to `shared_high`,
// clipped to [0,1]: a weak map among strong ones then looks weak. Maps are
// non-negative, so 0 is the common floor. A shared_high of 0 (no evidence
// anywhere) gives all zeros.
cv::Mat on_shared_scale(const cv::Mat& heatmap, MapRange range, float shared_high);

// The two halves of Grad-CAM for a batch of faces: the forward pass, whose
// probabilities are known before the target classes have to be chosen, then one
// backward pass. The live pipeline classifies with the forward pass and picks
// the targets from its tracker's smoothed labels, so that a frame costs one
// forward pass instead of two.
class GradCamPass {
 public:
  // `faces48`: n contiguous 48x48 uint8 gray faces. `layer`: one of the network's
  // feature_layers(), "" for its default. Throws ModelError for a model without
  // a network or an unknown layer (naming the valid ones).
  GradCamPass(const LoadedModel& model, const uint8_t* faces48, size_t n, const std::string& layer = "");
  ~GradCamPass();
  GradCamPass(const GradCamPass&) = delete;
  GradCamPass& operator=(const GradCamPass&) = delete;

  size_t size() const { return probabilities_.size(); }
  // The model's calibrated probabilities for each face (class_probabilities in
  // models/model_io.hpp, as FaceClassifier's), from this forward pass.
  const std::vector<Probabilities>& probabilities() const { return probabilities_; }
  // The backward pass. `target_classes`: one per face, or empty for each face's
  // predicted class. `method`: one that uses_one_backward_pass(). Throws
  // ModelError for another method, a bad class index or count, and if called
  // twice (the graph is freed by the first call).
  std::vector<ClassActivationMap> maps(CamMethod method, const std::vector<int>& target_classes = {});

 private:
  struct Graph;  // the torch tensors, kept out of this header
  std::unique_ptr<Graph> graph_;
  std::vector<Probabilities> probabilities_;
};

// How the costlier methods run. Defaults are the ones docs/EXPLAIN.md measures.
enum class PathBaseline {
  Black,  // pixel value 0, Sundararajan et al.'s choice for images
  Mean,   // the card's normalisation mean: a uniform grey face
};
struct ExplainOptions {
  std::string layer;                 // feature layer for the class activation maps; "" = the network's default
  int integrated_gradient_steps = 32;
  PathBaseline path_baseline = PathBaseline::Black;
  int smoothgrad_samples = 16;
  float smoothgrad_noise = 0.15f;    // noise sigma as a fraction of the face's value range (the paper's 10-20 %)
  uint32_t seed = 0;                 // for SmoothGrad's noise and the random baseline
  size_t batch_size = 128;           // images per forward pass (Score-CAM's masks, the paths, the noisy copies)
};

// Any method for a batch of faces. `faces48`: n contiguous 48x48 uint8 gray
// faces. `target_classes`: one class per face, or empty for each face's
// predicted class. Throws ModelError for a bad class index or layer.
std::vector<ClassActivationMap> class_activation_maps(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                                      CamMethod method, const std::vector<int>& target_classes = {},
                                                      const ExplainOptions& options = {});

// One face; target_class < 0 means the predicted class.
ClassActivationMap class_activation_map(const LoadedModel& model, const uint8_t* face48, CamMethod method,
                                        int target_class = -1, const ExplainOptions& options = {});

}  // namespace ferlab
