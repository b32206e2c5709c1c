#include "app/workbench.hpp"

#include <algorithm>

namespace ferlab::app {

void Workbench::add_evaluation(std::shared_ptr<const SplitEvaluation> evaluation) {
  evaluations.erase(std::remove_if(evaluations.begin(), evaluations.end(),
                                   [&](const auto& e) {
                                     return e->model == evaluation->model && e->split == evaluation->split;
                                   }),
                    evaluations.end());
  evaluations.push_back(std::move(evaluation));
  ++evaluation_generation;
}

void ProbabilityHistory::add(int track, double time, const Probabilities& raw_p, const Probabilities& smoothed_p) {
  if (track != track_id) {
    clear();
    track_id = track;
  }
  raw.push_back({time, raw_p});
  smoothed.push_back({time, smoothed_p});
  while (!raw.empty() && raw.front().time < time - keep_seconds) raw.pop_front();
  while (!smoothed.empty() && smoothed.front().time < time - keep_seconds) smoothed.pop_front();
}

void Workbench::set_focus_face(const uint8_t* pixels48, std::string origin) {
  const int serial = focus_face ? focus_face->serial + 1 : 1;
  focus_face.emplace();
  std::copy(pixels48, pixels48 + kFacePixels, focus_face->pixels.begin());
  focus_face->origin = std::move(origin);
  focus_face->serial = serial;
}

std::vector<std::shared_ptr<const SplitEvaluation>> Workbench::current_evaluations() const {
  std::vector<std::shared_ptr<const SplitEvaluation>> out;
  for (const auto& e : evaluations) {
    if (e->data_generation == data.generation()) out.push_back(e);
  }
  return out;
}

}  // namespace ferlab::app
