#include "models/torchscript_net.hpp"

#include <torch/script.h>

#include <algorithm>
#include <filesystem>
#include <regex>

#include "core/atomic_file.hpp"
#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "models/model_files.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;

// An emotion the network has no output for: softmax gives it 0 (to float
// precision) and its gradient is 0, without the NaNs an infinity would bring.
constexpr float kAbsentLogit = -1e4f;

// The line of an error that says what went wrong: TorchScript's interpreter
// puts two tracebacks before the Python-style "RuntimeError: ..." line.
std::string essence(const std::string& text) {
  const size_t error = text.rfind("Error: ");
  if (error != std::string::npos) {
    const size_t line = text.rfind('\n', error);
    const size_t begin = line == std::string::npos ? 0 : line + 1;
    return text.substr(begin, text.find('\n', error) - begin);
  }
  return text.substr(0, text.find('\n'));
}

std::string shape_text(c10::IntArrayRef shape) {
  std::string s;
  for (const auto d : shape) s += (s.empty() ? "" : " x ") + std::to_string(d);
  return s;
}

// What LibTorch's reader says, in the user's terms.
std::string why_not_loadable(const std::string& message) {
  static const std::regex version(R"(version (\d+), but the maximum supported version for reading is (\d+))");
  std::smatch m;
  if (std::regex_search(message, m, version))
    return "it was written by a newer PyTorch (file format version " + m[1].str() + "); LibTorch " +
           TORCH_VERSION + " here reads up to version " + m[2].str() +
           ": export it again with PyTorch 1.13 or 1.12 (docs/YOUR_MODELS.md)";
  static const std::regex unknown_op(R"(Unknown builtin op: ([\w:]+))");
  if (std::regex_search(message, m, unknown_op))
    return "it calls the operator " + m[1].str() + ", which LibTorch " + TORCH_VERSION +
           " here does not have (a newer PyTorch's?): export it again with PyTorch 1.13, or without that operator";
  if (message.find("constants.pkl") != std::string::npos || message.find("code/") != std::string::npos)
    return "it is a torch.save checkpoint (a state dict or a pickled module), not TorchScript: export the "
           "module with torch.jit.script or torch.jit.trace and save it with torch.jit.save (docs/YOUR_MODELS.md)";
  if (message.find("zip archive") != std::string::npos || message.find("central directory") != std::string::npos)
    return "it is not a TorchScript file (not a zip archive: a pickle, a safetensors file renamed, or a file cut "
           "short)";
  return "LibTorch cannot load it as TorchScript: " + essence(message);
}

class TorchScriptNetImpl : public EmotionNetImpl {
 public:
  TorchScriptNetImpl(torch::jit::Module module, std::string path, const ModelCard& card)
      : module_(std::move(module)),
        path_(std::move(path)),
        channels_(card.channels),
        output_emotions_(card.output_emotions()) {
    // The module's tensors, shared: parameters() counts them, and the
    // explanations' requires_grad switches reach them. Grouped under the
    // module's own children, in its order, so that what works stage by stage
    // (the sanity check's cascading randomisation) sees its stages.
    share_tensors(*this, module_, /*recurse=*/false);
    for (const auto& child : module_.named_children()) {
      auto stage = std::make_shared<torch::nn::Module>();
      share_tensors(*stage, child.value, /*recurse=*/true);
      register_module(child.name, stage);
    }
    if (module_.find_method("forward_features") && module_.find_method("forward_head")) {
      access_ = LayerAccess::FeaturesHead;
    } else if (module_.type()->name() &&
               module_.type()->name()->qualifiedName().find("torch.nn.modules.container.Sequential") !=
                   std::string::npos) {
      access_ = LayerAccess::Sequential;
      for (const auto& child : module_.named_children()) {
        child_names_.push_back(child.name);
        children_.push_back(child.value);
      }
    }
  }

  // Runs a batch of two zero faces through every path once: refuses, with the
  // file's name, what would otherwise fail on the first face. Also finds which
  // of a Sequential's children give maps a CAM method can use.
  void probe(int input_size) {
    torch::NoGradGuard no_grad;
    const torch::Tensor faces = torch::zeros({2, 1, input_size, input_size});
    const std::string asked = "a batch of two " + std::to_string(channels_) + " x " + std::to_string(input_size) +
                              " x " + std::to_string(input_size) + " faces";
    torch::Tensor logits;
    try {
      logits = forward(faces);
    } catch (const ModelError& e) {
      throw ModelError(std::string(e.what()) + ", given " + asked +
                       " (a card beside it can give the input size, channels and classes: docs/YOUR_MODELS.md)");
    }
    if (logits.size(0) != 2) throw ModelError(path_ + ": its forward turns " + asked + " into " + shape_text(logits.sizes()));
    try {
      if (access_ == LayerAccess::FeaturesHead) {
        if (is_map(call("forward_features", adapt(faces)))) layers_.push_back(kFeaturesLayer);
      } else if (access_ == LayerAccess::Sequential) {
        torch::Tensor h = adapt(faces);
        for (size_t i = 0; i < children_.size(); ++i) {
          h = run_child(i, h);
          if (is_map(h) && i + 1 < children_.size()) layers_.push_back(child_names_[i]);
        }
      }
    } catch (const ModelError& e) {
      throw ModelError(std::string(e.what()) + ", given " + asked);
    }
  }

  torch::Tensor forward(const torch::Tensor& x) override { return canonical(call("forward", adapt(x))); }

  NetOutput forward_with_features(const torch::Tensor& x, const std::string& layer) override {
    if (layers_.empty())
      throw ModelError(path_ + " offers no layer for the CAM methods: export forward_features and forward_head "
                       "with @torch.jit.export, or make the module an nn.Sequential (docs/YOUR_MODELS.md); the "
                       "gradient and perturbation methods need no layer");
    const size_t wanted = feature_layer_index(layer);
    if (access_ == LayerAccess::FeaturesHead) {
      torch::Tensor features = call("forward_features", adapt(x));
      return {canonical(call("forward_head", features)), features};
    }
    torch::Tensor h = adapt(x), features;
    for (size_t i = 0; i < children_.size(); ++i) {
      h = run_child(i, h);
      if (child_names_[i] == layers_[wanted]) features = h;
    }
    return {canonical(h), features};
  }

  std::string arch() const override { return ModelCard::kTorchScriptArch; }
  const std::vector<std::string>& feature_layers() const override { return layers_; }
  std::string default_feature_layer() const override { return layers_.empty() ? "" : layers_.back(); }

  void train(bool on) override {
    EmotionNetImpl::train(on);
    module_.train(on);
  }

 private:
  enum class LayerAccess { None, FeaturesHead, Sequential };
  static constexpr const char* kFeaturesLayer = "forward_features";

  // register_parameter refuses dots; the names only need to be distinct.
  static std::string flat_name(std::string name) {
    std::replace(name.begin(), name.end(), '.', '_');
    return name;
  }
  static void share_tensors(torch::nn::Module& into, const torch::jit::Module& from, bool recurse) {
    for (const auto& p : from.named_parameters(recurse))
      into.register_parameter(flat_name(p.name), p.value, p.value.requires_grad());
    for (const auto& b : from.named_buffers(recurse)) into.register_buffer(flat_name(b.name), b.value);
  }
  static bool is_map(const torch::Tensor& t) { return t.dim() == 4 && t.size(2) * t.size(3) > 1; }

  torch::Tensor adapt(const torch::Tensor& x) const {
    return channels_ == 1 ? x : x.expand({x.size(0), channels_, x.size(2), x.size(3)});
  }

  torch::Tensor tensor_of(const c10::IValue& value, const std::string& what) const {
    if (!value.isTensor())
      throw ModelError(path_ + ": " + what + " returns a " + value.tagKind() + ", not one tensor (of logits)");
    return value.toTensor();
  }

  // A module that throws is reported as a model error naming the file: the
  // live feed skips the frame, an evaluation stops with the message.
  torch::Tensor call(const std::string& method, const torch::Tensor& x) {
    c10::IValue value;
    try {
      value = module_.get_method(method)({x});
    } catch (const c10::Error& e) {
      throw ModelError(path_ + ": its " + method + " fails: " + essence(e.what_without_backtrace()));
    } catch (const std::exception& e) {  // torch::jit::JITException: an error raised inside TorchScript
      throw ModelError(path_ + ": its " + method + " fails: " + essence(e.what()));
    }
    return tensor_of(value, method);
  }

  // A Sequential's child i on h; what it throws names the file and the child.
  torch::Tensor run_child(size_t i, const torch::Tensor& h) {
    c10::IValue value;
    try {
      value = children_[i].forward({h});
    } catch (const c10::Error& e) {
      throw ModelError(path_ + ": its child " + child_names_[i] + " fails: " + essence(e.what_without_backtrace()));
    } catch (const std::exception& e) {  // torch::jit::JITException
      throw ModelError(path_ + ": its child " + child_names_[i] + " fails: " + essence(e.what()));
    }
    return tensor_of(value, "child " + child_names_[i]);
  }

  // N x K outputs in the card's class order -> N x 7 logits in the canonical order.
  torch::Tensor canonical(const torch::Tensor& outputs) const {
    const auto k = static_cast<int64_t>(output_emotions_.size());
    if (outputs.dim() != 2 || outputs.size(1) != k)
      throw ModelError(path_ + ": returns logits of shape " + shape_text(outputs.sizes()) + " where N x " +
                       std::to_string(k) + " was expected (" + std::to_string(k) +
                       " classes, as its card says or FER-2013's seven without one)");
    if (!torch::isfinite(outputs.detach()).all().item<bool>())
      throw ModelError(path_ + ": returned NaN or infinite logits");
    std::vector<int64_t> from, to;
    for (int64_t i = 0; i < k; ++i) {
      if (output_emotions_[static_cast<size_t>(i)] < 0) continue;
      from.push_back(i);
      to.push_back(output_emotions_[static_cast<size_t>(i)]);
    }
    const bool identity = k == kNumEmotions && std::equal(from.begin(), from.end(), to.begin());
    if (identity) return outputs;
    const torch::Tensor logits = torch::full({outputs.size(0), int64_t{kNumEmotions}}, kAbsentLogit, outputs.options());
    return logits.index_copy(1, torch::tensor(to), outputs.index_select(1, torch::tensor(from)));
  }

  torch::jit::Module module_;
  std::string path_;
  int channels_;
  std::vector<int> output_emotions_;
  LayerAccess access_ = LayerAccess::None;
  std::vector<std::string> layers_;
  std::vector<torch::jit::Module> children_;  // a Sequential's, in order
  std::vector<std::string> child_names_;
};

ModelCard torchscript_card(const std::string& path) {
  const std::string card_path = model_card_path(path);
  ModelCard card;
  if (fs::exists(card_path)) {
    nlohmann::json j;
    try {
      j = parse_json(read_text_file(card_path), card_path + ": model card");
    } catch (const Error& e) {
      throw ModelError(e.what());
    }
    if (!j.is_object()) throw ModelError(card_path + ": a model card must be a JSON object");
    const std::string arch = j.value("arch", ModelCard::kTorchScriptArch);
    if (arch != ModelCard::kTorchScriptArch)
      throw ModelError(card_path + ": says \"arch\": \"" + arch + "\", but " + path +
                       " is a TorchScript file (its card says \"torchscript\" or nothing)");
    j["arch"] = ModelCard::kTorchScriptArch;
    // PyTorch's usual export takes pixels in [0, 1].
    if (!j.contains("normalization")) j["normalization"] = {{"mean", 0.0}, {"std", 1.0}};
    card = ModelCard::from_json(j, card_path);
  } else {
    card.arch = ModelCard::kTorchScriptArch;
    card.normalization = {0.0f, 1.0f, 0.0f};
    card.training["card"] = "none beside the file: assumed FER-2013's seven classes in its CSV order, 48 x 48 "
                            "grey faces in [0, 1]";
  }
  if (card.name.empty()) card.name = fs::path(path).stem().string();
  return card;
}

}  // namespace

LoadedModel load_torchscript_model(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) throw ModelError(path + ": no such file");
  const auto bytes = static_cast<int64_t>(fs::file_size(path, ec));
  if (ec) throw ModelError(path + ": cannot read its size: " + ec.message());
  if (bytes == 0) throw ModelError(path + ": the file is empty");
  if (bytes > kMaxTorchScriptBytes)
    throw ModelError(path + ": " + std::to_string(bytes >> 20) + " MiB is more than the " +
                     std::to_string(kMaxTorchScriptBytes >> 20) + " MiB FERLab loads (FER networks are a few MiB)");
  LoadedModel loaded;
  loaded.card = torchscript_card(path);
  loaded.weights_path = path;
  torch::jit::Module module;
  try {
    module = torch::jit::load(path, torch::kCPU);
  } catch (const c10::Error& e) {
    throw ModelError(path + ": " + why_not_loadable(e.what_without_backtrace()));
  } catch (const std::exception& e) {  // torch::jit::ErrorReport: code that does not compile here
    throw ModelError(path + ": " + why_not_loadable(e.what()));
  }
  module.eval();
  auto net = std::make_shared<TorchScriptNetImpl>(std::move(module), path, loaded.card);
  net->probe(loaded.card.input_size);
  loaded.net = net;
  loaded.net->eval();
  return loaded;
}

}  // namespace ferlab
