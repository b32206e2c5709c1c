#pragma once
// Nearest-rank quantiles, for the medians and p95s every benchmark and report prints.
#include <vector>

namespace ferlab {

// `sorted` ascending and non-empty; q in [0, 1]. Returns sorted[min(n-1, floor(q*n))].
double quantile_of_sorted(const std::vector<double>& sorted, double q);

}  // namespace ferlab
