#pragma once
// Offline analysis behind `ferlab video` and `ferlab image`: every frame of a
// file through FrameAnalyzer, with an annotated copy, a per-frame CSV and a
// JSON summary (per track: the emotion averaged over its frames, and the share
// of its time spent in each shown emotion).
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
  std::string csv_path;      // one row per face per frame (face_csv.hpp); empty: none
  std::string json_path;     // VideoSummary as JSON
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

// `progress(done, total)`: total is -1 when the frame count is unknown.
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

// Throws DataError naming the file when it is missing, a folder or an image; cheap,
// so that the CLI can fail before loading a model.
void check_video_input(const std::string& input);

// Throws DataError naming the file when it is missing or not a decodable video,
// Error when an output cannot be written. Files are written atomically; the
// video is read back (its frame count) before it replaces an existing file.
VideoSummary analyze_video(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                           const VideoAnalysisOptions& options, const ProgressCallback& progress = {});

// One photo: detect and classify every face, write the annotated image to
// `output_image` (atomically; format by extension) when not empty.
FrameResult analyze_image(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                          const AnalyzerOptions& analyzer, const AnnotateOptions& annotate,
                          const std::string& output_image);

}  // namespace ferlab
