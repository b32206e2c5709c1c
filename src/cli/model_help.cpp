#include "cli/model_help.hpp"

namespace ferlab::cli {

#define FERLAB_MODEL_HELP                                                                      \
  "Model: cnn, resemotenet, resnet18 (looked up in the models folder), 'ensemble' (all of " \
  "those present, explained and scored as an ensemble), 'default' (models/default.txt), or a path to " \
  "NAME.safetensors, NAME.json or their stem."

const char* const kModelHelp = FERLAB_MODEL_HELP;
const char* const kModelsHelp = FERLAB_MODEL_HELP " Repeat for an ensemble (softmax averaged).";

#undef FERLAB_MODEL_HELP

}  // namespace ferlab::cli
