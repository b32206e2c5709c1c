// The measurements in docs/ARCHITECTURES.md. Disabled by default (tens of
// seconds on 2 cores); run with
//   test_models --gtest_also_run_disabled_tests --gtest_filter='*Measure*'
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "models/model_io.hpp"
#include "models/runtime.hpp"

namespace ferlab {
namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double batch1_latency_ms(const EmotionNet& net, int runs) {
  net->eval();
  torch::InferenceMode inference;
  const auto x = torch::randn({1, 1, 48, 48});
  for (int i = 0; i < 10; ++i) net->forward(x);
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    net->forward(x);
    times.push_back(ms_since(start));
  }
  return median(times);
}

double train_step_ms(const EmotionNet& net, int steps) {
  net->train();
  torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(1e-3));
  const auto x = torch::randn({64, 1, 48, 48});
  const auto y = torch::randint(0, 7, {64}, torch::kLong);
  std::vector<double> times;
  for (int i = 0; i < steps + 1; ++i) {
    const auto start = Clock::now();
    optimizer.zero_grad();
    torch::nn::functional::cross_entropy(net->forward(x), y).backward();
    optimizer.step();
    if (i > 0) times.push_back(ms_since(start));  // the first step allocates Adam's state
  }
  return median(times);
}

TEST(DISABLED_Measure, LatencyAndTrainStepOfEveryArchitecture) {
  const auto runtime = configure_runtime();
  std::printf("torch threads %d, BLAS %s\n", runtime.torch_threads, runtime.blas.c_str());
  std::printf("| arch | options | parameters | MMACs/face | feature map | batch-1 latency, all threads (ms) | batch-1 latency, 1 thread (ms) | batch-64 train step (ms) |\n");
  const std::vector<std::pair<std::string, nlohmann::json>> cases = {
      {"cnn", {}},
      {"resemotenet", {{"width", 0.125}}},
      {"resemotenet", {{"width", 0.25}}},
      {"resemotenet", {{"width", 0.5}}},
      {"resnet18", {{"stem", "small"}}},
      {"resnet18", {{"stem", "imagenet"}}},
      {"resnet18", {{"stem", "cifar"}}},
  };
  for (const auto& [arch, options] : cases) {
    torch::manual_seed(0);
    const auto net = make_model(arch, options);
    const auto features = [&] {
      torch::NoGradGuard no_grad;
      net->eval();
      return net->forward_with_features(torch::zeros({1, 1, 48, 48})).features.sizes().vec();
    }();
    const double macs = count_macs(net) / 1e6;
    const double latency = batch1_latency_ms(net, 200);
    // One thread is immune to the other cores being busy, which all-thread timings on a shared machine are not.
    configure_runtime(1);
    const double latency_one_thread = batch1_latency_ms(net, 200);
    configure_runtime();
    const double step = train_step_ms(net, 5);
    std::printf("| %s | `%s` | %lld | %.1f | %lldx%lldx%lld | %.2f | %.2f | %.0f |\n", arch.c_str(), options.dump().c_str(),
                static_cast<long long>(count_parameters(net)), macs, static_cast<long long>(features[1]),
                static_cast<long long>(features[2]), static_cast<long long>(features[3]), latency, latency_one_thread, step);
    std::fflush(stdout);
  }
}

}  // namespace
}  // namespace ferlab
