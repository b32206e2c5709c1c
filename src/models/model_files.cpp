#include "models/model_files.hpp"

#include "core/text.hpp"

namespace ferlab {

bool is_torchscript_file(const std::string& path) {
  const std::string ext = file_extension_lower(path);
  return ext == ".pt" || ext == ".pth";
}

bool is_model_weights_file(const std::string& path) {
  return is_torchscript_file(path) || file_extension_lower(path) == kWeightsExtension;
}

std::string model_stem(const std::string& path) {
  const std::string ext = file_extension_lower(path);
  if (is_model_weights_file(path) || ext == ".json") return path.substr(0, path.size() - ext.size());
  return path;
}

std::string model_card_path(const std::string& weights_path) { return model_stem(weights_path) + ".json"; }

}  // namespace ferlab
