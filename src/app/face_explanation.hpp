#pragma once
// One loaded model's view of one 48x48 face — what it predicts, how long that
// took, and where its evidence lies (Grad-CAM) — for the views that compare
// models side by side. Runs on worker threads; a 48x48 Grad-CAM costs a few ms.
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "app/model_shelf.hpp"
#include "explain/grad_cam.hpp"

namespace ferlab::app {

struct FaceExplanation {
  std::string model;  // ShelfModel::name
  Probabilities probabilities{};
  double milliseconds = 0;  // median of kTimedCalls warm predict_one calls, Grad-CAM excluded
  cv::Mat heatmap;          // 48x48 CV_32FC1 in [0,1] over the face
  int heatmap_class = -1;   // the class the heatmap explains
  MapRange heatmap_range;   // its values before scaling (on_shared_scale)
};

constexpr int kTimedCalls = 3;

// `target_class` < 0: the model's own predicted class.
FaceExplanation explain_face(const ShelfModel& model, const uint8_t* face48, CamMethod method, int target_class = -1);

// Which class every model of a comparison explains. Maps of different classes
// answer different questions, so by default all explain the same one.
struct ComparisonTarget {
  bool each_own_prediction = false;  // each model explains what it predicts itself
  int target_class = -1;             // the shared class; -1: the reference model's prediction
};

// Every model's view of one face, explaining the class `target` asks for.
// `reference`: the model whose prediction is the shared class (the live feed's;
// clamped to the list). Measures all the predictions first, then explains.
std::vector<FaceExplanation> compare_models(const std::vector<ShelfModel>& models, const uint8_t* face48,
                                            CamMethod method, const ComparisonTarget& target, size_t reference);

// Signed difference of two heatmaps of the same face (a - b, in [-1,1], CV_32FC1).
cv::Mat heatmap_difference(const cv::Mat& a, const cv::Mat& b);

}  // namespace ferlab::app
