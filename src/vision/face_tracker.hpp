#pragma once
// Following faces from frame to frame: each detection is matched to the track
// it overlaps most (IoU), so a face keeps its ID while it moves; per track the
// class probabilities are smoothed (exponential moving average) and the shown
// label only changes when another emotion wins clearly and for several frames,
// so that it does not flicker between two close classes.
#include <opencv2/core.hpp>

#include <vector>

#include "eval/face_classifier.hpp"

namespace ferlab {

struct TrackerOptions {
  float min_iou = 0.3f;    // a detection continues a track only above this overlap
  int max_missed = 5;      // frames a track survives without a detection
  float ema_alpha = 0.4f;  // weight of the newest probabilities (1: no smoothing)
  float switch_margin = 0.1f;  // a new label must beat the shown one by this much...
  int switch_frames = 3;       // ...for this many consecutive frames
};

// smoothed <- alpha * latest + (1 - alpha) * smoothed.
Probabilities ema_update(const Probabilities& smoothed, const Probabilities& latest, float alpha);

// The shown label with hysteresis. The first update shows the argmax at once.
class LabelHysteresis {
 public:
  LabelHysteresis(float margin, int frames) : margin_(margin), frames_(frames) {}
  int update(const Probabilities& probabilities);  // returns the label to show
  int label() const { return label_; }

 private:
  float margin_;
  int frames_;
  int label_ = -1;
  int challenger_ = -1;
  int challenger_frames_ = 0;
};

struct FaceTrack {
  int id = 0;
  cv::Rect2f box;
  int age = 0;     // frames since the track began
  int missed = 0;  // consecutive frames without a detection
  bool has_probabilities = false;
  Probabilities raw{};       // latest classification
  Probabilities smoothed{};  // EMA over the track's frames
  LabelHysteresis label{0.f, 1};
};

class FaceTracker {
 public:
  explicit FaceTracker(TrackerOptions options = {}) : options_(options) {}

  // Matches `boxes` to tracks (greedy by IoU, highest first), starts tracks for
  // unmatched boxes, ages unmatched tracks and drops those missed too long.
  // Returns the track id of each box, in the boxes' order.
  std::vector<int> update(const std::vector<cv::Rect2f>& boxes);
  // Feeds one classification to a live track; returns the label it shows.
  int observe(int track_id, const Probabilities& probabilities);

  const std::vector<FaceTrack>& tracks() const { return tracks_; }
  const FaceTrack* find(int track_id) const;
  const TrackerOptions& options() const { return options_; }
  void set_options(const TrackerOptions& options) { options_ = options; }
  void reset();

 private:
  TrackerOptions options_;
  std::vector<FaceTrack> tracks_;
  int next_id_ = 1;
};

float box_iou(const cv::Rect2f& a, const cv::Rect2f& b);

}  // namespace ferlab
