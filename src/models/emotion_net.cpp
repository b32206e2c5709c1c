#include "models/emotion_net.hpp"

#include "core/errors.hpp"

namespace ferlab {

size_t EmotionNetImpl::feature_layer_index(const std::string& layer) const {
  const std::vector<std::string>& layers = feature_layers();
  const std::string& wanted = layer.empty() ? default_feature_layer() : layer;
  for (size_t i = 0; i < layers.size(); ++i)
    if (layers[i] == wanted) return i;
  std::string known;
  for (const std::string& name : layers) known += (known.empty() ? "" : ", ") + name;
  throw ModelError("architecture '" + arch() + "' has no layer '" + wanted + "' (explainable layers: " + known + ")");
}

}  // namespace ferlab
