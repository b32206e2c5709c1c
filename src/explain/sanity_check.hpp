#pragma once
// The model-randomisation sanity check (Adebayo et al. 2018, "Sanity Checks
// for Saliency Maps"): randomise the network's layers one after another from
// the classifier down, and see how much the maps change. A method whose maps
// stay the same when the weights that made the prediction are gone explains
// the image, not the model.
//
// Not thread safe: the network's weights are replaced during the call (and
// restored before it returns, also on an exception). No one else may use the
// model meanwhile.
//
// Free of torch headers: LoadedModel is only declared.
#include <cstdint>
#include <string>
#include <vector>

#include "explain/grad_cam.hpp"
#include "explain/rank_correlation.hpp"

namespace ferlab {

struct RandomisationStep {
  std::string module;       // the top-level module randomised in this step (all above it already are)
  MeanInterval spearman;    // rank correlation of the maps with the original model's, over the faces
};

struct SanityReport {
  // The original model's maps against its maps of the faces with +-2 grey
  // levels of noise: how similar "the same explanation" is.
  MeanInterval perturbed;
  std::vector<RandomisationStep> steps;  // from the top (the classifier) down to the first layer
};

// The faces are explained for the original model's predicted class at every
// step, so the randomised maps answer the same question. Each parameter of a
// randomised module is replaced by a seeded random permutation of its own
// values: the weights keep their distribution, so activations keep their scale
// and nothing saturates, but what was learnt is gone.
SanityReport cascading_randomisation(const LoadedModel& model, const uint8_t* faces48, size_t n, CamMethod method,
                                     const ExplainOptions& options = {}, uint32_t seed = 0);

}  // namespace ferlab
