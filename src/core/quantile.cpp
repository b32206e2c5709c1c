#include "core/quantile.hpp"

#include <algorithm>

namespace ferlab {

double quantile_of_sorted(const std::vector<double>& sorted, double q) {
  const auto rank = static_cast<size_t>(q * static_cast<double>(sorted.size()));
  return sorted[std::min(sorted.size() - 1, rank)];
}

}  // namespace ferlab
