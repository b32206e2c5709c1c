#pragma once
// Following faces from frame to frame: each detection is matched to the track
// it overlaps most (IoU), so a face keeps its ID while it moves; per track the
// class probabilities are smoothed over time (an exponential moving average
// with a time constant in seconds, so that it means the same at the 30 fps of
// `ferlab video` and at the few fps the workbench's inference may reach).
//
// One vocabulary everywhere (the workbench, the annotated video, the CSV): a
// face *shows* its smoothed probabilities, its label is the class with the
// largest of them and its confidence is that probability; "raw" is the one
// frame's classification alone and is always called raw.
#include <opencv2/core.hpp>

#include <vector>

#include "eval/face_classifier.hpp"

namespace ferlab {

struct TrackerOptions {
  float min_iou = 0.3f;  // a detection continues a track only above this overlap
  int max_missed = 5;    // frames a track survives without a detection
  // Time constant of the smoothing: a change of expression is 63 % shown after
  // this long. 0: none (the shown probabilities are the raw ones).
  float smoothing_s = 0.5f;
};

// The weight of a classification `gap_s` after the previous one: 1 - exp(-gap/tau).
// A gap of 0 or less (a looping file starting over) counts as one frame at 30 fps.
float smoothing_weight(double gap_s, float smoothing_s);

// smoothed <- weight * latest + (1 - weight) * smoothed.
Probabilities ema_update(const Probabilities& smoothed, const Probabilities& latest, float weight);

// What a face shows: the rule every display of a label and a confidence follows.
struct ShownEmotion {
  Probabilities probabilities{};  // smoothed
  int label = 0;                  // argmax of probabilities
  float confidence = 0.f;         // probabilities[label]
};
ShownEmotion shown_emotion(const Probabilities& smoothed);

struct FaceTrack {
  int id = 0;
  cv::Rect2f box;
  int age = 0;     // frames since the track began
  int missed = 0;  // consecutive frames without a detection
  bool has_probabilities = false;
  Probabilities raw{};       // latest classification
  Probabilities smoothed{};  // moving average over the track's frames
  double observed_s = 0;     // time of the latest classification
};

class FaceTracker {
 public:
  explicit FaceTracker(TrackerOptions options = {}) : options_(options) {}

  // Matches `boxes` to tracks (greedy by IoU, highest first), starts tracks for
  // unmatched boxes, ages unmatched tracks and drops those missed too long.
  // Returns the track id of each box, in the boxes' order.
  std::vector<int> update(const std::vector<cv::Rect2f>& boxes);
  // Feeds one classification, of a frame at `time_s`, to a live track; returns
  // what the face shows (for an unknown track: the classification itself).
  ShownEmotion observe(int track_id, const Probabilities& probabilities, double time_s);

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

}  // namespace ferlab
