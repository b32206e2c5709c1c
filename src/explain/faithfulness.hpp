#pragma once
// Deletion and insertion curves (Petsiuk et al. 2018, RISE): does removing the
// pixels a map ranks highest make the model lose the class quickly (low
// deletion AUC), and does revealing them first bring it back quickly (high
// insertion AUC)? A map that is faithful to the model does both better than a
// random map.
//
// "Removed" pixels take the value of a Gaussian-blurred copy of the face, in
// both curves: insertion starts from the blurred face, deletion ends there.
// Not black or the mean grey: hard-edged patches are shapes the network never
// saw, and it reacts to their edges rather than to the missing evidence; the
// blur takes away the fine detail (the eyes, mouth corners and wrinkles that
// carry expressions) and keeps the face's overall shading in distribution.
//
// Free of torch headers: LoadedModel is only declared.
#include <cstdint>
#include <vector>

#include "explain/grad_cam.hpp"

namespace ferlab {

struct FaithfulnessOptions {
  int steps = 20;            // the curves have steps + 1 points, from none to all of the pixels
  double blur_sigma = 5.0;   // pixels of the 48x48 face, as RISE's insertion blur
  uint32_t seed = 0;         // breaks ties in the map's order (flat regions) the same way every run
  size_t batch_size = 128;   // images per forward pass
};

struct FaithfulnessCurves {
  std::vector<float> deletion;   // the target's probability after removing 0, 1/steps, ..., all pixels
  std::vector<float> insertion;  // the same, revealing them on the blurred face
  double deletion_auc = 0;       // trapezoid areas over the fraction of pixels, in [0,1]
  double insertion_auc = 0;
};

// One curve pair per face, for `maps[i]` (its heatmap and target_class) of face i.
// Throws ModelError when the counts differ or the model has no network.
std::vector<FaithfulnessCurves> faithfulness_curves(const LoadedModel& model, const uint8_t* faces48,
                                                    const std::vector<ClassActivationMap>& maps,
                                                    const FaithfulnessOptions& options = {});

// The same for what a classifier predicts: for one model the above; for an
// ensemble its mean probabilities (FaceClassifier::predict), the ones an
// ensemble's map (classifier_maps.hpp) explains.
std::vector<FaithfulnessCurves> faithfulness_curves(const FaceClassifier& classifier, const uint8_t* faces48,
                                                    const std::vector<ClassActivationMap>& maps,
                                                    const FaithfulnessOptions& options = {});

}  // namespace ferlab
