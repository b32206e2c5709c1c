#include "vision/recording.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "vision/face_csv.hpp"

namespace fs = std::filesystem;

namespace ferlab {

namespace {

// The MP4 writer, else Motion JPEG in an .avi beside it (with why, in `notice`).
std::unique_ptr<AtomicVideoWriter> open_video(RecordingPaths& paths, double fps, cv::Size size, std::string& notice) {
  try {
    return std::make_unique<AtomicVideoWriter>(paths.video, fps, size);
  } catch (const Error& mp4_error) {
    const std::string avi = fs::path(paths.video).replace_extension(".avi").string();
    try {
      auto writer = std::make_unique<AtomicVideoWriter>(avi, fps, size);
      notice = std::string(mp4_error.what()) + "; recording Motion JPEG to " + avi + " instead";
      paths.video = avi;
      return writer;
    } catch (const Error&) {
      throw mp4_error;  // the MP4's reason is the one the user asked about
    }
  }
}

}  // namespace

RecordingPaths timestamped_recording_paths(const std::string& folder, std::time_t now) {
  std::tm local{};
  localtime_r(&now, &local);
  char stem[64];
  std::strftime(stem, sizeof stem, "ferlab-%Y%m%d-%H%M%S", &local);
  const fs::path base = fs::path(folder) / stem;
  return {base.string() + ".mp4", base.string() + ".csv"};
}

std::string default_recording_folder() {
  if (const char* videos = std::getenv("XDG_VIDEOS_DIR"); videos && *videos) return (fs::path(videos) / "ferlab").string();
  if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / "Videos" / "ferlab").string();
  return "recordings";
}

Recording::Recording(RecordingPaths paths, cv::Size frame_size, double fps, AnnotateOptions annotate)
    : paths_(std::move(paths)), fps_(fps), annotate_(annotate), csv_(face_csv_header()) {
  if (frame_size.empty()) throw Error(paths_.video + ": nothing to record yet (no frame has been analysed)");
  const fs::path folder = fs::path(paths_.video).parent_path();
  std::error_code ec;
  if (!folder.empty()) fs::create_directories(folder, ec);
  if (ec) throw Error(folder.string() + ": cannot create the recordings folder: " + ec.message());
  video_ = open_video(paths_, fps_, frame_size, notice_);
}

void Recording::add(const FrameResult& result, double time_s) {
  std::lock_guard lock(mutex_);
  if (finished_ || !error_.empty() || result.frame.image.empty()) return;
  if (analysed_ == 0) {
    start_s_ = last_s_ = time_s;
  } else if (time_s - last_s_ > kMaxFillSeconds) {
    skipped_s_ += time_s - last_s_ - 1 / fps_;  // the frame after a stall comes next
  }
  last_s_ = std::max(last_s_, time_s);
  const int64_t slot = std::llround((time_s - start_s_ - skipped_s_) * fps_);
  const int64_t copies = std::max<int64_t>(1, slot + 1 - video_->frames());

  cv::Mat annotated = result.frame.image.clone();  // the shown result stays as it is
  annotate_frame(annotated, result.faces, annotate_);
  if (annotated.size() != video_->size()) cv::resize(annotated, annotated, video_->size(), 0, 0, cv::INTER_AREA);
  try {
    for (int64_t i = 0; i < copies; ++i) video_->write(annotated);
  } catch (const cv::Exception& e) {
    error_ = paths_.video + ": writing frame " + std::to_string(analysed_) + " failed: " + e.what();
    return;
  }
  for (const FaceResult& face : result.faces) append_face_csv_row(csv_, result.frame, face);
  rows_ += static_cast<int64_t>(result.faces.size());
  ++analysed_;
}

RecordingResult Recording::finish() {
  std::lock_guard lock(mutex_);
  if (finished_) throw Error(paths_.video + ": the recording was already finished");
  finished_ = true;
  if (!error_.empty()) throw Error(error_);
  if (analysed_ == 0) throw Error(paths_.video + ": no frame was recorded (the feed was paused or ended)");
  video_->commit();
  write_text_atomically(paths_.csv, csv_);
  RecordingResult out;
  out.paths = paths_;
  out.analysed_frames = analysed_;
  out.video_frames = video_->frames();
  out.csv_rows = rows_;
  return out;
}

int64_t Recording::analysed_frames() const {
  std::lock_guard lock(mutex_);
  return analysed_;
}

}  // namespace ferlab
