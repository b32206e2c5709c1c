#include "vision/face_finder.hpp"

#include <algorithm>
#include <chrono>

#include "core/errors.hpp"
#include "vision/face_motion.hpp"
#include "vision/merged_face_detector.hpp"

namespace ferlab {

FaceFinder::FaceFinder(const DetectorOptions& detector, const FinderOptions& options)
    : detector_options_(detector), options_(options) {
  std::unique_ptr<FaceDetector> made = make_face_detector(detector);
  if (options.in_background) start_background(std::move(made));
  else detector_ = std::move(made);
}

FaceFinder::~FaceFinder() = default;

void FaceFinder::start_background(std::unique_ptr<FaceDetector> detector) {
  background_ = std::make_unique<BackgroundDetector>(std::move(detector), options_.background_nice);
}

void FaceFinder::set_options(const DetectorOptions& detector, const FinderOptions& options) {
  std::unique_ptr<FaceDetector> made;
  // Made first: a detector that cannot be made throws before anything changes.
  if (!same_detector(detector, detector_options_) || options.in_background != options_.in_background)
    made = make_face_detector(detector);
  const bool moves = options.in_background != options_.in_background;
  detector_options_ = detector;
  options_ = options;
  if (!made) return;
  if (moves) {
    background_.reset();
    detector_.reset();
    if (options.in_background) start_background(std::move(made));
    else detector_ = std::move(made);
    reset();
  } else if (background_) {
    background_->replace_detector(std::move(made));
  } else {
    detector_ = std::move(made);
  }
}

void FaceFinder::reset() {
  ++stream_;  // a pass of the old stream that finishes later is dropped
  previous_motion_ = MotionFrame{};
  recent_.clear();
  previous_faces_.clear();
  previous_missed_.clear();
}

std::vector<DetectedFace> FaceFinder::detect_here(const cv::Mat& frame) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<DetectedFace> faces = background_ ? background_->detect_now(frame) : detector_->detect(frame);
  last_pass_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return faces;
}

std::vector<DetectedFace> FaceFinder::with_missed_faces(std::vector<DetectedFace> detected,
                                                       const std::vector<DetectedFace>& carried,
                                                       const std::vector<int>& carried_missed) {
  // A tiled detector running its tiles in turn hands back the boxes of the
  // tiles it skipped as they were at their last turn: such a box only says
  // that the face was not missed, and the flow has it where it is now.
  std::vector<DetectedFace> remembered;
  const auto stale = std::stable_partition(detected.begin(), detected.end(), [](const DetectedFace& d) { return d.age == 0; });
  remembered.assign(std::make_move_iterator(stale), std::make_move_iterator(detected.end()));
  detected.erase(stale, detected.end());
  const auto among = [&](const std::vector<DetectedFace>& boxes, const DetectedFace& face) {
    return std::any_of(boxes.begin(), boxes.end(),
                       [&](const DetectedFace& d) { return same_face(d.box, face.box, detector_options_.nms_iou); });
  };
  // The detector flickers: a face it finds on one frame it may miss on the
  // next. A face the flow still follows stays through a few such passes.
  std::vector<int> missed(detected.size(), 0);
  for (size_t i = 0; i < carried.size(); ++i) {
    if (among(detected, carried[i])) continue;  // found afresh: the detector's box wins
    const int misses = among(remembered, carried[i]) ? carried_missed[i] : carried_missed[i] + 1;
    if (misses > kMissedPassesKept) continue;
    detected.push_back(carried[i]);
    missed.push_back(misses);
  }
  previous_missed_ = std::move(missed);
  return detected;
}

bool FaceFinder::take_background_pass(const MotionFrame& motion, std::vector<DetectedFace>& faces) {
  std::optional<BackgroundDetection> pass = background_->take(stream_);
  if (!pass) return false;
  if (!pass->error.empty()) throw ModelError("face detection failed: " + pass->error);
  last_pass_ms_ = pass->ms;
  // Found on an earlier frame: carried frame by frame to this one (a face the
  // flow cannot carry is left to the next pass).
  auto from = std::find_if(recent_.begin(), recent_.end(), [&](const auto& r) { return r.first == pass->sequence; });
  if (from == recent_.end()) return false;  // older than the frames kept
  faces = std::move(pass->faces);
  for (auto step = from; step != recent_.end() && !faces.empty(); ++step) {
    const MotionFrame& to = std::next(step) == recent_.end() ? motion : std::next(step)->second;
    std::vector<DetectedFace> moved;
    for (auto& carried : carry_faces(step->second, to, faces))
      if (carried) moved.push_back(std::move(*carried));
    faces = std::move(moved);
  }
  return true;
}

std::vector<DetectedFace> FaceFinder::find(const cv::Mat& frame, bool& detector_ran) {
  if (options_.detect_every <= 1 && !background_) {
    detector_ran = true;
    return detect_here(frame);
  }
  const MotionFrame motion = motion_frame(frame);
  const bool continues = !previous_motion_.empty() && previous_motion_.frame_size == motion.frame_size;
  bool look = ++frames_since_detection_ >= options_.detect_every || !continues;
  // Carried on every frame, the detector's too: a face it misses may stay.
  std::vector<DetectedFace> carried;
  std::vector<int> carried_missed;
  if (continues) {
    const auto moved = carry_faces(previous_motion_, motion, previous_faces_);
    for (size_t i = 0; i < moved.size(); ++i) {
      if (!moved[i]) {  // a face the flow lost: the detector looks now, not at its turn
        look = true;
        continue;
      }
      carried.push_back(*moved[i]);
      carried_missed.push_back(previous_missed_[i]);
    }
    // Something moving where no face is may be a face coming in: look now.
    if (!look && moved_outside_faces(previous_motion_, motion, carried)) look = true;
  }

  std::vector<DetectedFace> detected;
  detector_ran = false;
  // Every face lost at once is a cut (the next image of a folder, a clip
  // starting over): nothing found before can be carried here, so, like a
  // stream's first frame (a still's only one), this frame waits for the
  // detector even in the background.
  const bool cut = !previous_faces_.empty() && carried.empty();
  if (!background_ || !continues || cut) {
    if (look) {
      detected = detect_here(frame);
      detector_ran = true;
    }
  } else {
    detector_ran = take_background_pass(motion, detected);
    if (look) background_->request(frame, sequence_, stream_);
  }
  if (look) frames_since_detection_ = 0;

  std::vector<DetectedFace> faces;
  if (detector_ran) {
    faces = with_missed_faces(std::move(detected), carried, carried_missed);
  } else {
    faces = std::move(carried);
    previous_missed_ = std::move(carried_missed);
  }
  previous_motion_ = motion;
  previous_faces_ = faces;
  if (background_) {
    recent_.emplace_back(sequence_, motion);
    if (recent_.size() > kCarriedFrames) recent_.pop_front();
  }
  ++sequence_;
  return faces;
}

}  // namespace ferlab
