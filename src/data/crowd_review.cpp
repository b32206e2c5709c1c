#include "data/crowd_review.hpp"

#include <algorithm>

namespace ferlab {

std::vector<std::optional<FerPlusVotes>> crowd_votes(const FaceDataset& faces, const FerPlusTable& table) {
  std::vector<std::optional<FerPlusVotes>> out(faces.size());
  for (size_t i = 0; i < faces.size(); ++i) {
    const auto row = table.votes.find(faces.source(i));
    if (row != table.votes.end()) out[i] = row->second;
  }
  return out;
}

CrowdVerdict crowd_verdict(const std::optional<FerPlusVotes>& votes, int label) {
  if (!votes) return CrowdVerdict::Silent;
  const FerPlusMajority majority = ferplus_majority(*votes);
  if (majority.verdict != FerPlusVerdict::Label) return CrowdVerdict::Silent;
  return majority.label == label ? CrowdVerdict::Agrees : CrowdVerdict::Disagrees;
}

bool crowd_disagrees(const FerPlusVotes& votes, int label) {
  return crowd_verdict(votes, label) == CrowdVerdict::Disagrees;
}

double mislabel_score(const FerPlusVotes& votes, int label, const ClassDistribution& model_probabilities) {
  if (!crowd_disagrees(votes, label)) return 0;
  const int crowd = ferplus_majority(votes).label;
  const auto predicted = std::max_element(model_probabilities.begin(), model_probabilities.end());
  if (predicted - model_probabilities.begin() != crowd) return 0;
  const std::optional<ClassDistribution> shares = ferplus_distribution(votes);
  return (1.0 - model_probabilities[static_cast<size_t>(label)]) * (*shares)[static_cast<size_t>(crowd)];
}

}  // namespace ferlab
