#include "vision/face_tracker.hpp"

#include <algorithm>
#include <tuple>

namespace ferlab {

Probabilities ema_update(const Probabilities& smoothed, const Probabilities& latest, float alpha) {
  Probabilities out{};
  for (int c = 0; c < kNumEmotions; ++c) out[c] = alpha * latest[c] + (1 - alpha) * smoothed[c];
  return out;
}

int LabelHysteresis::update(const Probabilities& p) {
  const int best = argmax(p);
  if (label_ < 0 || best == label_) {
    label_ = best;
    challenger_ = -1;
    challenger_frames_ = 0;
    return label_;
  }
  if (p[best] - p[label_] < margin_) {
    challenger_ = -1;
    challenger_frames_ = 0;
    return label_;
  }
  challenger_frames_ = best == challenger_ ? challenger_frames_ + 1 : 1;
  challenger_ = best;
  if (challenger_frames_ >= frames_) {
    label_ = best;
    challenger_ = -1;
    challenger_frames_ = 0;
  }
  return label_;
}

float box_iou(const cv::Rect2f& a, const cv::Rect2f& b) {
  const float inter = (a & b).area();
  const float uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0.f;
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
    track.label = LabelHysteresis(options_.switch_margin, options_.switch_frames);
    ids[b] = track.id;
    tracks_.push_back(std::move(track));
  }
  return ids;
}

int FaceTracker::observe(int track_id, const Probabilities& probabilities) {
  auto it = std::find_if(tracks_.begin(), tracks_.end(), [&](const FaceTrack& t) { return t.id == track_id; });
  if (it == tracks_.end()) return argmax(probabilities);
  it->raw = probabilities;
  it->smoothed = it->has_probabilities ? ema_update(it->smoothed, probabilities, options_.ema_alpha) : probabilities;
  it->has_probabilities = true;
  return it->label.update(it->smoothed);
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
