#pragma once
// The explanation of a classifier as the user sees it: one model's map, or an
// ensemble explained as an ensemble. This is the one place that decides what
// an ensemble's map is; the command line, the live pipeline and the workbench
// all ask here.
//
// An ensemble's probabilities are the mean of its members' (eval's
// mean_over_members), each member weighing 1/M. Its map of a face is the
// members' maps for the same target class, combined with the same weights
// (combine_member_maps). Each member's map is kept, for showing them side by
// side. The target, unless given, is the ensemble's prediction, not any
// member's.
//
// Thread safety as grad_cam.hpp. Free of torch headers.
#include <cstdint>
#include <vector>

#include "eval/face_classifier.hpp"
#include "explain/grad_cam.hpp"

namespace ferlab {

struct ClassifierMaps {
  // Per face: the classifier's map. For an ensemble its probabilities are the
  // ensemble's (FaceClassifier::predict, calibrated) and target_class the class
  // every member explained.
  std::vector<ClassActivationMap> maps;
  // members[m][i]: member m's map of face i for the same target class, with
  // member m's own probabilities. For a single model, its maps again.
  std::vector<std::vector<ClassActivationMap>> members;
  std::vector<double> weights;  // member m's weight in `maps`; they sum to 1
};

// The weights of the members in the ensemble's mean: 1/M each.
std::vector<double> ensemble_member_weights(const FaceClassifier& classifier);

// sum_m weights[m] * maps[m], scaled to [0,1] like every finished map (all 0
// when the sum is flat), with the sum's range; the class and probabilities are
// the caller's. Same-sized CV_32FC1 maps, one weight per map; throws
// ModelError otherwise.
ClassActivationMap combine_member_maps(const std::vector<cv::Mat>& maps, const std::vector<double>& weights);

// Any method, for a batch of faces (n contiguous 48x48 uint8 gray faces).
// `target_classes`: one per face, or empty for the classifier's predicted
// class. `options.layer` applies to every member ("" = each member's default
// layer); a member without that layer is a ModelError naming its layers.
ClassifierMaps explain_classifier(const FaceClassifier& classifier, const uint8_t* faces48, size_t n,
                                  CamMethod method, const std::vector<int>& target_classes = {},
                                  const ExplainOptions& options = {});

}  // namespace ferlab
