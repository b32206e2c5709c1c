#include "explain/sanity_check.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/face_dataset.hpp"
#include "models/model_io.hpp"

namespace ferlab {

namespace {

// Keeps every parameter's values and puts them back when it goes out of scope.
class ParameterRestore {
 public:
  explicit ParameterRestore(torch::nn::Module& net) : parameters_(net.parameters()) {
    for (const torch::Tensor& p : parameters_) saved_.push_back(p.detach().clone());
  }
  ~ParameterRestore() {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < parameters_.size(); ++i) parameters_[i].copy_(saved_[i]);
  }
  ParameterRestore(const ParameterRestore&) = delete;
  ParameterRestore& operator=(const ParameterRestore&) = delete;

 private:
  std::vector<torch::Tensor> parameters_, saved_;
};

void permute_parameters(torch::nn::Module& module, std::mt19937& rng) {
  torch::NoGradGuard no_grad;
  for (torch::Tensor& p : module.parameters()) {
    std::vector<int64_t> order(static_cast<size_t>(p.numel()));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    p.copy_(p.flatten().index_select(0, torch::tensor(order)).view_as(p));
  }
}

MeanInterval correlation_with(const std::vector<ClassActivationMap>& reference,
                              const std::vector<ClassActivationMap>& maps) {
  std::vector<double> rho;
  for (size_t i = 0; i < maps.size(); ++i) rho.push_back(spearman_correlation(reference[i].heatmap, maps[i].heatmap));
  return mean_with_ci95(rho);
}

}  // namespace

SanityReport cascading_randomisation(const LoadedModel& model, const uint8_t* faces48, size_t n, CamMethod method,
                                     const ExplainOptions& options, uint32_t seed) {
  const std::vector<ClassActivationMap> original = class_activation_maps(model, faces48, n, method, {}, options);
  std::vector<int> targets;
  for (const ClassActivationMap& m : original) targets.push_back(m.target_class);

  SanityReport report;
  std::mt19937 rng(seed);
  std::vector<uint8_t> noisy(faces48, faces48 + n * kFacePixels);
  std::uniform_int_distribution<int> noise(-2, 2);
  for (uint8_t& v : noisy) v = static_cast<uint8_t>(std::clamp(v + noise(rng), 0, 255));
  report.perturbed = correlation_with(original, class_activation_maps(model, noisy.data(), n, method, targets, options));

  const ParameterRestore restore(*model.net);
  std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> children;
  for (const auto& child : model.net->named_children())
    if (!child.value()->parameters().empty()) children.emplace_back(child.key(), child.value());
  // Registration order runs from the input to the classifier; the cascade starts at the classifier.
  for (auto it = children.rbegin(); it != children.rend(); ++it) {
    permute_parameters(*it->second, rng);
    report.steps.push_back(
        {it->first, correlation_with(original, class_activation_maps(model, faces48, n, method, targets, options))});
  }
  return report;
}

}  // namespace ferlab
