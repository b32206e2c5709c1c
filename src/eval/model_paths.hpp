#pragma once
// Where the models a user names live on disk. No torch headers: the CLI and
// the workbench resolve names before loading anything.
#include <string>
#include <vector>

namespace ferlab {

// The architectures an "ensemble" spec gathers, in this order, when
// models_dir has no ensemble.txt: models/model_kinds.hpp's.
const std::vector<std::string>& ensemble_members();

// The models in models_dir a bare name loads: the stems of its .safetensors
// and TorchScript .pt/.pth files, sorted ("cnn", "cnn-ferplus", ...). Empty
// when the folder is missing.
std::vector<std::string> model_names_in(const std::string& models_dir);

// Turns what a user typed into model weight paths. `spec` may be:
//  - "" or "default": the model named in models_dir/default.txt (one line, a
//    name resolved as below); without that file, the first that exists of
//    cnn, resemotenet, resnet18 in models_dir. A default.txt naming a model
//    that does not exist is an error, not a silent fallback;
//  - "ensemble": the models named in models_dir/ensemble.txt (names or paths,
//    separated by white space or commas; each must exist); without that file,
//    every one of cnn, resemotenet, resnet18 present in models_dir;
//  - an architecture or model name ("cnn", "cnn-long"): models_dir/NAME.safetensors;
//  - specs joined by '+' ("cnn+resnet18", "ensemble+cnn-s7"): all their models,
//    duplicates dropped (a path that exists is taken as a path, '+' and all);
//  - a path to the .safetensors file, its .json card, or their common stem;
//  - a path to a TorchScript file (.pt, .pth) written by torch.jit.save.
// Returns weights paths (models/model_files.hpp). Throws ModelError naming everything looked for
// when nothing is found.
std::vector<std::string> resolve_model_paths(const std::string& spec, const std::string& models_dir);
// Several specs (repeated --model): resolved in order, duplicates dropped.
std::vector<std::string> resolve_model_paths(const std::vector<std::string>& specs, const std::string& models_dir);

// Every file loading `weights_paths` reads: each weights file and the .json
// card beside it. What a command's outputs must not overwrite.
std::vector<std::string> model_files(const std::vector<std::string>& weights_paths);

}  // namespace ferlab
