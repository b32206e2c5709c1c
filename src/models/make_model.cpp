#include <torch/torch.h>

#include "core/errors.hpp"
#include "models/architectures.hpp"
#include "models/model_io.hpp"
#include "models/model_kinds.hpp"

namespace ferlab {

EmotionNet make_model(const std::string& arch, const nlohmann::json& options) {
  const ModelKind* kind = find_model_kind(arch);
  if (!kind || !kind->build)
    throw ModelError("unknown architecture '" + arch + "' (known: " + architecture_list() +
                     "; a TorchScript module is loaded from its file, not built)");
  ArchOptions reader(arch, options);
  EmotionNet net = kind->build(reader);
  reader.reject_unknown_keys();
  return net;
}

void check_face_batch(const torch::Tensor& x, const std::string& arch, int required_size) {
  const bool ok = x.dim() == 4 && x.size(1) == 1 && x.size(2) == x.size(3) &&
                  (required_size == 0 || x.size(2) == required_size) && x.size(2) >= 8;
  if (ok) return;
  std::string shape;
  for (const auto s : x.sizes()) shape += (shape.empty() ? "" : ",") + std::to_string(s);
  const std::string size = required_size == 0 ? "S x S" : std::to_string(required_size) + " x " + std::to_string(required_size);
  throw ModelError("architecture '" + arch + "' expects an N x 1 x " + size + " face batch, got [" + shape + "]");
}

}  // namespace ferlab
