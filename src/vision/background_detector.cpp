#include "vision/background_detector.hpp"

#include <chrono>

#include "core/cpu_threads.hpp"

namespace ferlab {

BackgroundDetector::BackgroundDetector(std::unique_ptr<FaceDetector> detector, int nice)
    : detector_(std::move(detector)), thread_(&BackgroundDetector::run, this, nice) {}

BackgroundDetector::~BackgroundDetector() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void BackgroundDetector::request(const cv::Mat& frame, uint64_t sequence, uint64_t stream) {
  {
    std::lock_guard lock(mutex_);
    BackgroundDetection job;
    job.sequence = sequence;
    job.stream = stream;
    waiting_.emplace(std::move(job), frame.clone());
  }
  wake_.notify_one();
}

bool BackgroundDetector::busy() const {
  std::lock_guard lock(mutex_);
  return running_pass_ || waiting_.has_value();
}

std::optional<BackgroundDetection> BackgroundDetector::take(uint64_t stream) {
  std::lock_guard lock(mutex_);
  std::optional<BackgroundDetection> out = std::move(finished_);
  finished_.reset();
  if (out && out->stream != stream) return std::nullopt;
  return out;
}

std::vector<DetectedFace> BackgroundDetector::detect_now(const cv::Mat& frame) {
  std::lock_guard lock(detector_mutex_);
  return detector_->detect(frame);
}

void BackgroundDetector::replace_detector(std::unique_ptr<FaceDetector> detector) {
  std::lock_guard lock(detector_mutex_);
  detector_ = std::move(detector);
}

void BackgroundDetector::run(int nice) {
  if (nice > 0) lower_this_thread_priority(nice);
  while (true) {
    std::pair<BackgroundDetection, cv::Mat> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stop_ || waiting_.has_value(); });
      if (stop_) return;
      job = std::move(*waiting_);
      waiting_.reset();
      running_pass_ = true;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
      job.first.faces = detect_now(job.second);
    } catch (const std::exception& e) {
      job.first.error = e.what();  // reported by whoever takes the result; the thread goes on
    }
    job.first.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    {
      std::lock_guard lock(mutex_);
      finished_ = std::move(job.first);
      running_pass_ = false;
    }
  }
}

}  // namespace ferlab
