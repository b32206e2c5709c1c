#include "vision/file_outcome.hpp"

#include <numeric>

#include "vision/face_csv.hpp"
#include "vision/video_analysis.hpp"

namespace ferlab {

int64_t FileOutcome::faces() const { return std::accumulate(shown.begin(), shown.end(), int64_t{0}); }

nlohmann::json FileOutcome::to_json() const {
  return {{"input", input},   {"output", output}, {"error", error},   {"face_rows", face_rows},
          {"summary", summary}, {"frames", frames}, {"frames_with_faces", frames_with_faces},
          {"tracks", tracks}, {"shown", shown},   {"warnings", warnings}};
}

FileOutcome FileOutcome::from_json(const nlohmann::json& j) {
  FileOutcome o;
  o.input = j.at("input").get<std::string>();
  o.output = j.at("output").get<std::string>();
  o.error = j.at("error").get<std::string>();
  o.face_rows = j.at("face_rows").get<std::string>();
  o.summary = j.at("summary");
  o.frames = j.at("frames").get<int64_t>();
  o.frames_with_faces = j.at("frames_with_faces").get<int64_t>();
  o.tracks = j.at("tracks").get<int64_t>();
  o.shown = j.at("shown").get<std::array<int64_t, kNumEmotions>>();
  o.warnings = j.at("warnings").get<std::vector<std::string>>();
  return o;
}

FileOutcome FileOutcome::failed(std::string input, std::string error) {
  FileOutcome o;
  o.input = std::move(input);
  o.error = std::move(error);
  return o;
}

FileOutcome video_outcome(const VideoSummary& summary, std::string face_rows, std::string output) {
  FileOutcome o;
  o.input = summary.input;
  o.output = std::move(output);
  if (!summary.decode_error.empty())
    o.error = summary.decode_error + "; the outputs hold the " + std::to_string(summary.frames) + " frames before it";
  o.face_rows = std::move(face_rows);
  o.summary = summary.to_json();
  o.frames = summary.frames;
  o.frames_with_faces = summary.frames_with_faces;
  o.tracks = static_cast<int64_t>(summary.tracks.size());
  for (const TrackSummary& t : summary.tracks)
    for (int c = 0; c < kNumEmotions; ++c) o.shown[c] += static_cast<int64_t>(t.time_share[c] * t.frames + 0.5);
  o.warnings = summary.warnings;
  return o;
}

FileOutcome image_outcome(const std::string& input, const FrameResult& result, std::string output) {
  FileOutcome o;
  o.input = input;
  o.output = std::move(output);
  o.frames = 1;
  o.frames_with_faces = result.faces.empty() ? 0 : 1;
  o.tracks = static_cast<int64_t>(result.faces.size());
  nlohmann::json faces = nlohmann::json::array();
  for (const FaceResult& f : result.faces) {
    append_face_csv_row(o.face_rows, result.frame, f);
    ++o.shown[f.label];
    nlohmann::json face{{"box", {f.box.x, f.box.y, f.box.width, f.box.height}},
                        {"emotion", std::string(emotion_name(f.label))},
                        {"confidence", f.confidence}};
    for (int c = 0; c < kNumEmotions; ++c) face["probabilities"][std::string(emotion_name(c))] = f.raw[c];
    faces.push_back(face);
  }
  o.summary = {{"input", input}, {"width", result.frame.image.cols}, {"height", result.frame.image.rows},
               {"faces", faces}};
  if (result.faces.empty())
    o.warnings.push_back("no face found in " + input + " (" + std::to_string(result.frame.image.cols) + "x" +
                         std::to_string(result.frame.image.rows) + ")");
  return o;
}

}  // namespace ferlab
