#pragma once
// Grad-CAM (Selvaraju et al. 2017) and Grad-CAM++ (Chattopadhay et al. 2018):
// where in a 48x48 face the evidence for a class lies, from the gradients of
// the class score with respect to the network's last convolutional feature map
// (EmotionNetImpl::forward_with_features).
//
// Thread safety: like FaceClassifier::predict, safe to call concurrently with
// other readers of the network. Gradients are taken with torch::autograd::grad
// for the feature map only, so nothing is accumulated into the parameters' .grad.
//
// Free of torch headers: LoadedModel is only declared.
#include <opencv2/core.hpp>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "eval/face_classifier.hpp"

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

enum class CamMethod { GradCam, GradCamPlusPlus };

std::string_view cam_method_name(CamMethod method);  // "gradcam", "gradcam++"

struct ClassActivationMap {
  cv::Mat heatmap;  // 48x48 CV_32FC1 in [0,1], 1 at the strongest evidence; all 0 when there is none
  int target_class = 0;
  Probabilities probabilities{};  // the model's softmax for this face, from the same forward pass
};

// The two halves of Grad-CAM for a batch of faces: the forward pass, whose
// probabilities are known before the target classes have to be chosen, then one
// backward pass. The live pipeline classifies with the forward pass and picks
// the targets from its tracker's smoothed labels, so that a frame costs one
// forward pass instead of two.
class GradCamPass {
 public:
  // `faces48`: n contiguous 48x48 uint8 gray faces. Throws ModelError for a model without a network.
  GradCamPass(const LoadedModel& model, const uint8_t* faces48, size_t n);
  ~GradCamPass();
  GradCamPass(const GradCamPass&) = delete;
  GradCamPass& operator=(const GradCamPass&) = delete;

  size_t size() const { return probabilities_.size(); }
  // The model's softmax for each face, from this forward pass.
  const std::vector<Probabilities>& probabilities() const { return probabilities_; }
  // The backward pass. `target_classes`: one per face, or empty for each face's
  // predicted class. Throws ModelError for a bad class index or count, and
  // ModelError if called twice (the graph is freed by the first call).
  std::vector<ClassActivationMap> maps(CamMethod method, const std::vector<int>& target_classes = {});

 private:
  struct Graph;  // the torch tensors, kept out of this header
  std::unique_ptr<Graph> graph_;
  std::vector<Probabilities> probabilities_;
};

// One forward and one backward pass for the whole batch (a GradCamPass). `faces48`: n contiguous
// 48x48 uint8 gray faces. `target_classes`: one class per face, or empty for
// each face's predicted class. Throws ModelError for a bad class index.
std::vector<ClassActivationMap> class_activation_maps(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                                      CamMethod method, const std::vector<int>& target_classes = {});

// One face; target_class < 0 means the predicted class.
ClassActivationMap class_activation_map(const LoadedModel& model, const uint8_t* face48, CamMethod method,
                                        int target_class = -1);

}  // namespace ferlab
