#pragma once
// Offline analysis behind `ferlab video` and `ferlab image`: every frame of a
// file through FrameAnalyzer, with an annotated copy, the faces as CSV rows and
// a summary (per track: the emotion averaged over its frames, and the share of
// its time spent in each shown emotion). batch_run.hpp runs it over many files.
#include <nlohmann/json.hpp>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "vision/annotate.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/label_stability.hpp"

namespace ferlab {

struct VideoAnalysisOptions {
  AnalyzerOptions analyzer;
  AnnotateOptions annotate;
  std::string output_video;  // annotated copy (.mp4: mp4v, .avi: MJPG, see video_writer.hpp); empty: none
};

struct TrackSummary {
  int id = 0;
  int64_t frames = 0;
  double first_s = 0, last_s = 0;
  Probabilities mean_probabilities{};  // raw probabilities averaged over the track's frames
  int emotion = 0;                     // argmax of mean_probabilities: the video-level result
  std::array<double, kNumEmotions> time_share{};  // fraction of its frames showing each label
};

struct VideoSummary {
  std::string input;
  int64_t frames = 0;
  int64_t frames_with_faces = 0;
  double fps = 0;
  int width = 0, height = 0;
  std::string detector;
  std::string classifier;
  std::vector<TrackSummary> tracks;   // by id
  LabelStability shown_label_changes;  // of the label shown (from the smoothed probabilities)
  LabelStability raw_label_changes;    // of each frame's own argmax, for comparison
  std::vector<std::string> warnings;  // e.g. no faces found
  // Set when the file stopped decoding well before its end (truncated,
  // damaged, gone): the summary and outputs hold the frames before that.
  std::string decode_error;
  nlohmann::json to_json() const;
};

struct VideoAnalysis {
  VideoSummary summary;
  std::string face_rows;  // one per face per frame (face_csv.hpp), without the header
};

// `progress(done, total)`: total is -1 when the frame count is unknown.
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

// The frame count the container declares, for a progress bar over many files;
// 0 when it declares none or the file does not open.
int64_t declared_frame_count(const std::string& path);

// Throws DataError naming the file when it is missing, a folder or an image; cheap,
// so that the CLI can fail before loading a model.
void check_video_input(const std::string& input);

// Throws DataError naming the file when it is missing or not a decodable video,
// Error when the annotated copy cannot be written. It is written atomically and
// read back (its frame count) before it replaces an existing file. An exception
// from `progress` (called after each frame) abandons the file and its copy.
VideoAnalysis analyze_video(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                           const VideoAnalysisOptions& options, const ProgressCallback& progress = {});

// One photo: detect and classify every face, write the annotated image to
// `output_image` (atomically; format by extension) when not empty.
FrameResult analyze_image(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                          const AnalyzerOptions& analyzer, const AnnotateOptions& annotate,
                          const std::string& output_image);

}  // namespace ferlab
