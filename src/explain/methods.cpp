#include "explain/methods.hpp"

#include <algorithm>

#include "core/errors.hpp"
#include "core/text.hpp"

namespace ferlab {

const std::vector<MethodInfo>& explain_methods() {
  static const std::vector<MethodInfo> methods{
      {CamMethod::GradCam, "gradcam", MethodKind::FeatureMap, "channels weighted by their mean gradient"},
      {CamMethod::GradCamPlusPlus, "gradcam++", MethodKind::FeatureMap,
       "channels weighted by positive gradients with per-pixel coefficients"},
      {CamMethod::XGradCam, "xgradcam", MethodKind::FeatureMap,
       "channels weighted by gradients normalised by the activations"},
      {CamMethod::HiResCam, "hirescam", MethodKind::FeatureMap, "gradient times activation per position, summed"},
      {CamMethod::LayerCam, "layercam", MethodKind::FeatureMap,
       "positive gradient times activation per position, summed"},
      {CamMethod::EigenCam, "eigencam", MethodKind::FeatureMap,
       "first principal component of the activations (class independent)"},
      {CamMethod::ScoreCam, "scorecam", MethodKind::FeatureMap,
       "channels weighted by the class score of the input masked by each (one forward pass per channel)"},
      {CamMethod::AblationCam, "ablationcam", MethodKind::FeatureMap,
       "channels weighted by the drop in the class score when each is zeroed (one forward pass per channel)"},
      {CamMethod::Gradient, "gradient", MethodKind::Pixel, "absolute gradient of the class score per pixel"},
      {CamMethod::GuidedBackprop, "guided-backprop", MethodKind::Pixel,
       "absolute gradient with the ReLUs passing back only positive gradients"},
      {CamMethod::GuidedGradCam, "guided-gradcam", MethodKind::Pixel,
       "guided backpropagation times the layer's Grad-CAM, pixel by pixel"},
      {CamMethod::IntegratedGradients, "integrated-gradients", MethodKind::Pixel,
       "gradients along the path from a black face, times the difference (32 steps)"},
      {CamMethod::SmoothGrad, "smoothgrad", MethodKind::Pixel,
       "absolute gradient averaged over 16 noisy copies of the face"},
      {CamMethod::Random, "random", MethodKind::Baseline, "a smooth random map, seeded by the face"},
  };
  return methods;
}

const MethodInfo& method_info(CamMethod method) {
  for (const MethodInfo& info : explain_methods())
    if (info.method == method) return info;
  throw ModelError("explanation method " + std::to_string(static_cast<int>(method)) + " is not in the list");
}

std::string_view cam_method_name(CamMethod method) { return method_info(method).name; }

std::optional<CamMethod> cam_method_from_name(std::string_view name) {
  const std::string lower = to_lower(name);
  for (const MethodInfo& info : explain_methods())
    if (info.name == lower) return info.method;
  return std::nullopt;
}

std::string cam_method_names() {
  std::string names;
  for (const MethodInfo& info : explain_methods()) names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
}

std::string one_pass_method_names() {
  std::string names;
  for (const MethodInfo& info : explain_methods())
    if (uses_one_backward_pass(info.method)) names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
}

std::vector<CamMethod> parse_cam_methods(const std::string& names) {
  std::vector<CamMethod> methods;
  if (to_lower(names) == "all") {
    for (const MethodInfo& info : explain_methods()) methods.push_back(info.method);
    return methods;
  }
  size_t start = 0;
  while (start <= names.size()) {
    const size_t comma = std::min(names.find(',', start), names.size());
    const std::string name = names.substr(start, comma - start);
    const auto method = cam_method_from_name(name);
    if (!method) throw UsageError("unknown method '" + name + "' (known: " + cam_method_names() + ", or all)");
    methods.push_back(*method);
    start = comma + 1;
  }
  return methods;
}

bool uses_layer(CamMethod method) {
  return method_info(method).kind == MethodKind::FeatureMap || method == CamMethod::GuidedGradCam;
}

bool uses_one_backward_pass(CamMethod method) {
  return method_info(method).kind == MethodKind::FeatureMap && method != CamMethod::ScoreCam &&
         method != CamMethod::AblationCam;
}

}  // namespace ferlab
