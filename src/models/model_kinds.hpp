#pragma once
// The kinds of network FERLab knows, in one list: its own architectures, built
// from code (and trained by `ferlab train`), and TorchScript modules, loaded
// from a file (torchscript_net.hpp). make_model, the trainer's --model, the
// ensemble's default members, help texts, error messages and the UI's choices
// all read it. No LibTorch: the CLI's help and the workbench's lists use it.
#include <memory>
#include <string>
#include <vector>

namespace ferlab {

class EmotionNetImpl;
class ArchOptions;

struct ModelKind {
  std::string name;     // "cnn"; a network built from it says the same in arch()
  std::string summary;  // one line, for --help and the Models panel
  // Builds an untrained network of this kind (nullptr for TorchScript, which is
  // only ever loaded from a file).
  std::shared_ptr<EmotionNetImpl> (*build)(ArchOptions& options) = nullptr;
};

// FERLab's architectures in their canonical order (the ensemble's default
// members come in this order), then TorchScript.
const std::vector<ModelKind>& model_kinds();
const ModelKind* find_model_kind(const std::string& name);  // nullptr when unknown

// The names of the kinds `ferlab train` can build: {"cnn", "resemotenet", "resnet18"}.
std::vector<std::string> model_architectures();
// Those names joined: "cnn, resemotenet, resnet18" (`last` before the last one: " or ").
std::string architecture_list(const std::string& last = ", ");

}  // namespace ferlab
