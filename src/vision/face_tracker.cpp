#include "vision/face_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "vision/face_detector.hpp"

namespace ferlab {

float smoothing_weight(double gap_s, float smoothing_s) {
  if (smoothing_s <= 0) return 1.f;
  const double gap = gap_s > 0 ? gap_s : 1.0 / 30;
  return static_cast<float>(1.0 - std::exp(-gap / smoothing_s));
}

Probabilities ema_update(const Probabilities& smoothed, const Probabilities& latest, float weight) {
  Probabilities out{};
  for (int c = 0; c < kNumEmotions; ++c) out[c] = weight * latest[c] + (1 - weight) * smoothed[c];
  return out;
}

ShownEmotion shown_emotion(const Probabilities& smoothed) {
  ShownEmotion shown;
  shown.probabilities = smoothed;
  shown.label = argmax(smoothed);
  shown.confidence = smoothed[shown.label];
  return shown;
}

std::vector<int> FaceTracker::update(const std::vector<cv::Rect2f>& boxes) {
  std::vector<std::tuple<float, size_t, size_t>> pairs;  // iou, track, box
  for (size_t t = 0; t < tracks_.size(); ++t)
    for (size_t b = 0; b < boxes.size(); ++b)
      if (const float overlap = box_iou(tracks_[t].box, boxes[b]); overlap >= options_.min_iou)
        pairs.emplace_back(overlap, t, b);
  std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) { return std::get<0>(x) > std::get<0>(y); });

  std::vector<int> ids(boxes.size(), 0);
  std::vector<bool> track_matched(tracks_.size(), false);
  for (const auto& [overlap, t, b] : pairs) {
    if (track_matched[t] || ids[b] != 0) continue;
    track_matched[t] = true;
    ids[b] = tracks_[t].id;
    tracks_[t].box = boxes[b];
    tracks_[t].missed = 0;
  }
  for (size_t t = 0; t < tracks_.size(); ++t) {
    ++tracks_[t].age;
    if (!track_matched[t]) ++tracks_[t].missed;
  }
  tracks_.erase(std::remove_if(tracks_.begin(), tracks_.end(),
                               [&](const FaceTrack& t) { return t.missed > options_.max_missed; }),
                tracks_.end());
  for (size_t b = 0; b < boxes.size(); ++b) {
    if (ids[b] != 0) continue;
    FaceTrack track;
    track.id = next_id_++;
    track.box = boxes[b];
    ids[b] = track.id;
    tracks_.push_back(std::move(track));
  }
  return ids;
}

ShownEmotion FaceTracker::observe(int track_id, const Probabilities& probabilities, double time_s) {
  auto it = std::find_if(tracks_.begin(), tracks_.end(), [&](const FaceTrack& t) { return t.id == track_id; });
  if (it == tracks_.end()) return shown_emotion(probabilities);
  it->raw = probabilities;
  it->smoothed = it->has_probabilities
                     ? ema_update(it->smoothed, probabilities,
                                  smoothing_weight(time_s - it->observed_s, options_.smoothing_s))
                     : probabilities;
  it->has_probabilities = true;
  it->observed_s = time_s;
  return shown_emotion(it->smoothed);
}

const FaceTrack* FaceTracker::find(int track_id) const {
  auto it = std::find_if(tracks_.begin(), tracks_.end(), [&](const FaceTrack& t) { return t.id == track_id; });
  return it == tracks_.end() ? nullptr : &*it;
}

void FaceTracker::reset() {
  tracks_.clear();
  next_id_ = 1;
}

}  // namespace ferlab
