#pragma once
// The detector as a stage of its own: a thread that runs the face detector on
// the newest frame it is handed, while the frames go on being analysed (faces
// carried by optical flow meanwhile, face_finder.hpp). A frame handed over
// while the detector is busy replaces any frame still waiting: the latest
// frame wins, nothing queues, and no analysed frame ever waits for a pass.
#include <opencv2/core.hpp>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "vision/face_detector.hpp"

namespace ferlab {

struct BackgroundDetection {
  std::vector<DetectedFace> faces;
  uint64_t sequence = 0;  // the caller's number for the frame they were found on
  double ms = 0;     // the pass's time
  uint64_t stream = 0;
  std::string error; // the detector threw: what it said (faces is empty)
};

class BackgroundDetector {
 public:
  // `nice` > 0: the thread runs that much nicer than the caller.
  BackgroundDetector(std::unique_ptr<FaceDetector> detector, int nice);
  ~BackgroundDetector();  // stops and joins the thread
  BackgroundDetector(const BackgroundDetector&) = delete;
  BackgroundDetector& operator=(const BackgroundDetector&) = delete;

  // The frame is copied; `sequence` names it for the caller, `stream` tags the
  // result (a result of an older stream than take()'s is dropped).
  void request(const cv::Mat& frame, uint64_t sequence, uint64_t stream);
  bool busy() const;  // a frame waiting or being detected
  // The newest finished detection of `stream`, once; nullopt when none is new.
  std::optional<BackgroundDetection> take(uint64_t stream);
  // On the caller's thread, waiting for a running pass (one detector, used by one thread at a time).
  std::vector<DetectedFace> detect_now(const cv::Mat& frame);
  // From the next pass on.
  void replace_detector(std::unique_ptr<FaceDetector> detector);

 private:
  void run(int nice);

  std::mutex detector_mutex_;  // held for a pass
  std::unique_ptr<FaceDetector> detector_;
  mutable std::mutex mutex_;   // guards the members below
  std::condition_variable wake_;
  bool stop_ = false;
  bool running_pass_ = false;
  std::optional<std::pair<BackgroundDetection, cv::Mat>> waiting_;  // the job, and its frame
  std::optional<BackgroundDetection> finished_;
  std::thread thread_;
};

}  // namespace ferlab
