#include "vision/label_stability.hpp"

namespace ferlab {

void LabelChangeCounter::add(int track_id, double time_s, int label) {
  auto [it, is_new] = tracks_.try_emplace(track_id);
  TrackLabels& track = it->second;
  if (is_new) track.first_s = time_s;
  else if (label != track.label) ++track.changes;
  track.label = label;
  track.last_s = time_s;
}

LabelStability LabelChangeCounter::result() const {
  LabelStability out;
  for (const auto& [id, track] : tracks_) {
    out.changes += track.changes;
    out.seconds += track.last_s - track.first_s;
  }
  return out;
}

}  // namespace ferlab
