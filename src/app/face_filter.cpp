#include "app/face_filter.hpp"

#include <algorithm>

#include "app/workbench.hpp"
#include "data/crowd_review.hpp"

namespace ferlab::app {

namespace {

// Per face, the position of the first label-conflict group it is in (-1: none),
// so that the filter can list the groups' faces side by side, group by group.
std::vector<int> conflict_ranks(const DuplicateScan& scan, size_t faces) {
  std::vector<int> rank(faces, -1);
  for (size_t c = 0; c < scan.label_conflicts.size(); ++c)
    for (const size_t i : scan.index.groups()[scan.label_conflicts[c]].members)
      if (rank[i] < 0) rank[i] = static_cast<int>(c);
  return rank;
}

}  // namespace

ListedFaces list_faces(const FaceFilter& filter, const Workbench& bench) {
  ListedFaces listed;
  const auto& data = bench.data.dataset();
  if (!data) return listed;
  std::vector<int> predicted(data->size(), -1);
  std::vector<const Probabilities*> probabilities(data->size(), nullptr);
  const bool need_predictions = !filter.predictions_from.empty();
  if (need_predictions) {
    // Several splits may have been evaluated separately: gather every one for this model.
    for (const auto& e : bench.current_evaluations()) {
      if (e->model != filter.predictions_from) continue;
      for (const SamplePrediction& p : e->result.predictions) {
        const size_t sample = e->dataset_index[p.index];
        predicted[sample] = p.predicted;
        probabilities[sample] = &p.probabilities;
      }
    }
  }
  const auto& votes = bench.data.votes();
  const CrowdFilter crowd = votes ? filter.crowd : kAnyCrowd;
  const DuplicateScan* duplicates = bench.data.duplicates().get();
  const std::vector<int> conflict_rank =
      filter.issue == kLabelConflicts && duplicates ? conflict_ranks(*duplicates, data->size()) : std::vector<int>{};
  std::vector<double> scores;  // the order the list is sorted in, highest first, when one is
  for (size_t i = 0; i < data->size(); ++i) {
    if (filter.split && data->split(i) != *filter.split) continue;
    if (filter.true_class >= 0 && data->label(i) != filter.true_class) continue;
    if (filter.issue == kHasDuplicate && !(duplicates && duplicates->index.has_copies(i))) continue;
    if (filter.issue == kLabelConflicts && (conflict_rank.empty() || conflict_rank[i] < 0)) continue;
    if (filter.issue == kBlankImages && !bench.data.is_blank(i)) continue;
    const int p = predicted[i];
    if (need_predictions && (filter.predicted_class >= 0 || filter.correctness != Correctness::Any)) {
      if (p < 0) continue;  // not evaluated: cannot pass a prediction filter
      if (filter.predicted_class >= 0 && p != filter.predicted_class) continue;
      if (filter.correctness == Correctness::Correct && p != data->label(i)) continue;
      if (filter.correctness == Correctness::Wrong && p == data->label(i)) continue;
    }
    if (votes) {
      switch (crowd_verdict((*votes)[i], data->label(i))) {
        case CrowdVerdict::Agrees: ++listed.crowd_agrees; break;
        case CrowdVerdict::Disagrees: ++listed.crowd_disagrees; break;
        case CrowdVerdict::Silent: ++listed.crowd_silent; break;
      }
    }
    if (crowd != kAnyCrowd) {
      const std::optional<FerPlusVotes>& v = (*votes)[i];
      if (!v || !crowd_disagrees(*v, data->label(i))) continue;
      if (crowd != kCrowdDisagrees) {
        const double score = probabilities[i] ? mislabel_score(*v, data->label(i), *probabilities[i]) : 0;
        if (score <= 0) continue;
        if (conflict_rank.empty()) scores.push_back(score);
      }
    }
    if (!conflict_rank.empty()) scores.push_back(-conflict_rank[i]);
    listed.faces.push_back(i);
    listed.predicted.push_back(p);
  }
  if (crowd == kLikelyMislabelled || !conflict_rank.empty()) {
    std::vector<size_t> order(listed.faces.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    ListedFaces sorted = listed;
    for (size_t k = 0; k < order.size(); ++k) {
      sorted.faces[k] = listed.faces[order[k]];
      sorted.predicted[k] = listed.predicted[order[k]];
    }
    listed = std::move(sorted);
  }
  return listed;
}

}  // namespace ferlab::app
