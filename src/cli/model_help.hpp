#pragma once
// The one help text of -m/--model, shared by every command that takes a model.

namespace ferlab::cli {

// One model spec.
extern const char* const kModelHelp;
// A repeatable --model: the same, and repeating it makes an ensemble.
extern const char* const kModelsHelp;

}  // namespace ferlab::cli
