#include "cli/model_help.hpp"

namespace ferlab::cli {

#define FERLAB_MODEL_HELP                                                                      \
  "Model: a name in the models folder (cnn, cnn-ferplus, resemotenet, resnet18, ...), 'ensemble' " \
  "(the models models/ensemble.txt names, explained and scored as one ensemble), 'default' " \
  "(models/default.txt), names joined by '+' (an ensemble: cnn+resnet18), a path to " \
  "NAME.safetensors, NAME.json or their stem, or a path to your own PyTorch model saved with " \
  "torch.jit.save (NAME.pt, with an optional card NAME.json: docs/YOUR_MODELS.md)."

const char* const kModelHelp = FERLAB_MODEL_HELP;
const char* const kModelsHelp = FERLAB_MODEL_HELP " Repeat for an ensemble (softmax averaged).";

#undef FERLAB_MODEL_HELP

}  // namespace ferlab::cli
