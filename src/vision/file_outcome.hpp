#pragma once
// What analysing one file of a batch gives: the faces as CSV rows, its
// summary, the counts the batch adds up, or the error that stopped it. It
// travels from a worker process to the batch as one JSON line.
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/emotion.hpp"

namespace ferlab {

struct FrameResult;
struct VideoSummary;

struct FileOutcome {
  std::string input;
  std::string output;  // the annotated copy written; "" when none
  // Why the file was not analysed in full; empty when it was. A video that
  // stopped decoding keeps the rows of the frames before, and says so here.
  std::string error;
  std::string face_rows;  // face_csv rows (face_csv.hpp), without header or file column
  nlohmann::json summary;  // VideoSummary::to_json(), or the photo's faces
  int64_t frames = 0;
  int64_t frames_with_faces = 0;
  int64_t tracks = 0;  // a photo: its faces
  std::array<int64_t, kNumEmotions> shown{};  // faces (one per face per frame) by the label shown
  std::vector<std::string> warnings;

  int64_t faces() const;  // the sum of `shown`
  bool wrote_copy() const { return !output.empty() && frames > 0; }  // an annotated copy was written
  nlohmann::json to_json() const;
  static FileOutcome from_json(const nlohmann::json& j);
  static FileOutcome failed(std::string input, std::string error);
};

// The outcome of a video's analysis (rows: its faces, as analyze_video gives them).
FileOutcome video_outcome(const VideoSummary& summary, std::string face_rows, std::string output);
// The outcome of a photo's analysis: one frame.
FileOutcome image_outcome(const std::string& input, const FrameResult& result, std::string output);

}  // namespace ferlab
