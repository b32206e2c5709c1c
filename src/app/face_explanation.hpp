#pragma once
// One loaded model's view of one 48x48 face — what it predicts, how long that
// took, and where its evidence lies (Grad-CAM) — for the views that compare
// models side by side. Runs on worker threads; a 48x48 Grad-CAM costs a few ms.
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>

#include "app/model_shelf.hpp"
#include "explain/grad_cam.hpp"

namespace ferlab::app {

struct FaceExplanation {
  std::string model;  // ShelfModel::name
  Probabilities probabilities{};
  double milliseconds = 0;  // median of kTimedCalls warm predict_one calls, Grad-CAM excluded
  cv::Mat heatmap;          // 48x48 CV_32FC1 in [0,1] over the face
  int heatmap_class = -1;   // the predicted class, which the heatmap explains
};

constexpr int kTimedCalls = 3;

FaceExplanation explain_face(const ShelfModel& model, const uint8_t* face48, CamMethod method);

// Grad-CAM of `classifier` on one face. An ensemble has no single feature map:
// its first member is explained, as the live pipeline does.
ClassActivationMap classifier_activation_map(const FaceClassifier& classifier, const uint8_t* face48, CamMethod method,
                                             int target_class);

}  // namespace ferlab::app
