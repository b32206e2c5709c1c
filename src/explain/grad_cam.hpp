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

// One forward and one backward pass for the whole batch. `faces48`: n contiguous
// 48x48 uint8 gray faces. `target_classes`: one class per face, or empty for
// each face's predicted class. Throws ModelError for a bad class index.
std::vector<ClassActivationMap> class_activation_maps(const LoadedModel& model, const uint8_t* faces48, size_t n,
                                                      CamMethod method, const std::vector<int>& target_classes = {});

// One face; target_class < 0 means the predicted class.
ClassActivationMap class_activation_map(const LoadedModel& model, const uint8_t* face48, CamMethod method,
                                        int target_class = -1);

}  // namespace ferlab
