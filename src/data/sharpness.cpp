#include "data/sharpness.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/quantile.hpp"

namespace ferlab {

double laplacian_variance(const uint8_t* face) {
  double sum = 0, sum_sq = 0;
  int n = 0;
  for (int y = 1; y < kFaceSize - 1; ++y) {
    for (int x = 1; x < kFaceSize - 1; ++x) {
      const int i = y * kFaceSize + x;
      const double response =
          face[i - 1] + face[i + 1] + face[i - kFaceSize] + face[i + kFaceSize] - 4.0 * face[i];
      sum += response;
      sum_sq += response * response;
      ++n;
    }
  }
  const double mean = sum / n;
  return sum_sq / n - mean * mean;
}

SharpnessBySplit measure_sharpness(const FaceDataset& dataset) {
  std::array<std::vector<double>, kNumSplits> values;
  for (size_t i = 0; i < dataset.size(); ++i)
    values[static_cast<size_t>(dataset.split(i))].push_back(laplacian_variance(dataset.image(i)));
  SharpnessBySplit out{};
  for (size_t s = 0; s < values.size(); ++s) {
    std::vector<double>& v = values[s];
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    out[s] = {v.size(), quantile_of_sorted(v, 0.1), quantile_of_sorted(v, 0.5), quantile_of_sorted(v, 0.9)};
  }
  return out;
}

std::string format_sharpness(const SharpnessBySplit& sharpness) {
  std::string text = "sharpness (Laplacian variance; larger is sharper)\n";
  char line[160];
  for (size_t s = 0; s < sharpness.size(); ++s) {
    const SplitSharpness& x = sharpness[s];
    if (x.faces == 0) continue;
    std::snprintf(line, sizeof line, "  %-8s  p10 %8.1f  median %8.1f  p90 %8.1f\n",
                  std::string(split_name(static_cast<Split>(s))).c_str(), x.p10, x.median, x.p90);
    text += line;
  }
  for (size_t a = 0; a < sharpness.size(); ++a) {
    for (size_t b = a + 1; b < sharpness.size(); ++b) {
      const SplitSharpness &x = sharpness[a], &y = sharpness[b];
      if (x.faces == 0 || y.faces == 0) continue;
      const double lo = std::min(x.median, y.median), hi = std::max(x.median, y.median);
      if (hi <= 10 * std::max(lo, 1e-9)) continue;
      std::snprintf(line, sizeof line,
                    "warning: the %s split is far %s than the %s split (median %.1f vs %.1f): a model trained on one "
                    "sees blur levels the other never shows\n",
                    std::string(split_name(static_cast<Split>(a))).c_str(), x.median < y.median ? "blurrier" : "sharper",
                    std::string(split_name(static_cast<Split>(b))).c_str(), x.median, y.median);
      text += line;
    }
  }
  return text;
}

}  // namespace ferlab
