#pragma once
// The one list of explanation methods: their names, what kind of map each
// gives and what it costs. The command line's choices, its help text and the
// workbench's pickers are all generated from explain_methods().
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ferlab {

enum class CamMethod {
  GradCam,              // Selvaraju et al. 2017
  GradCamPlusPlus,      // Chattopadhay et al. 2018
  XGradCam,             // Fu et al. 2020
  HiResCam,             // Draelos & Carin 2020
  LayerCam,             // Jiang et al. 2021
  EigenCam,             // Muhammad & Yeasin 2020
  ScoreCam,             // Wang et al. 2020
  AblationCam,          // Ramaswamy & Desai 2020
  Gradient,             // Simonyan et al. 2014 (vanilla saliency)
  GuidedBackprop,       // Springenberg et al. 2015
  GuidedGradCam,        // Selvaraju et al. 2017: guided backpropagation times Grad-CAM
  IntegratedGradients,  // Sundararajan et al. 2017
  SmoothGrad,           // Smilkov et al. 2017
  Random,               // a smooth random map: the floor every faithful method must beat
};

enum class MethodKind {
  FeatureMap,  // a class activation map on a network layer (--layer applies)
  Pixel,       // an attribution of each input pixel (Guided Grad-CAM's also uses --layer)
  Baseline,    // independent of the network
};

struct MethodInfo {
  CamMethod method;
  std::string_view name;  // what the command line and the JSON reports say
  MethodKind kind;
  std::string_view summary;
};

// Every method, in the order reports list them.
const std::vector<MethodInfo>& explain_methods();

std::string_view cam_method_name(CamMethod method);  // "gradcam", "gradcam++", ...
const MethodInfo& method_info(CamMethod method);
std::optional<CamMethod> cam_method_from_name(std::string_view name);  // case-insensitive
// "all" or comma-separated names. Throws UsageError naming the valid ones for an unknown name.
std::vector<CamMethod> parse_cam_methods(const std::string& names);
std::string cam_method_names();  // "gradcam, gradcam++, ...": for help texts and errors

// Whether --layer changes the map: the class activation maps and Guided Grad-CAM.
bool uses_layer(CamMethod method);

// The methods GradCamPass computes from its single forward and backward pass
// (the cheap ones, fit for every face of a live frame).
bool uses_one_backward_pass(CamMethod method);
std::string one_pass_method_names();  // "gradcam, gradcam++, ...": the live feed's choices

}  // namespace ferlab
