#pragma once
// Fitting one member's temperature on a labelled split (Guo et al. 2017):
// its raw logits over the split, the T that minimises their NLL, and the
// calibration before and after. The card is not touched here: the caller
// decides where the fitted temperature goes (`ferlab calibrate` writes it).
#include <cstddef>

#include "core/calibration.hpp"
#include "core/face_dataset.hpp"
#include "eval/evaluator.hpp"
#include "eval/face_classifier.hpp"

namespace ferlab {

struct TemperatureFit {
  double temperature = 1;
  CalibrationReport before;  // at T = 1 (the raw softmax), whatever the card said
  CalibrationReport after;   // at the fitted T
};

// `progress` as for evaluate(), but it cannot stop the fit. Throws UsageError
// for an empty dataset.
TemperatureFit fit_member_temperature(const FaceClassifier& classifier, size_t member, const FaceDataset& dataset,
                                      const EvalProgress& progress = {});

}  // namespace ferlab
