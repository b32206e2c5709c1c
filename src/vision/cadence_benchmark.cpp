#include "vision/cadence_benchmark.hpp"

#include <opencv2/videoio.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/errors.hpp"
#include "vision/face_finder.hpp"

namespace ferlab {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<cv::Mat> read_clip(const std::string& path) {
  cv::VideoCapture capture(path);
  if (!capture.isOpened()) throw DataError(path + ": cannot open the annotated clip");
  std::vector<cv::Mat> frames;
  for (cv::Mat frame; capture.read(frame);) frames.push_back(frame.clone());
  if (frames.empty()) throw DataError(path + ": no frame could be decoded");
  return frames;
}

// Faces in view on frame f by the clip's hand counts; -1 for a frame no segment covers.
int faces_in_view(const AnnotatedClip& clip, int f) {
  for (const ClipSegment& s : clip.segments)
    if (f >= s.first && f <= s.last) return s.faces;
  return -1;
}

std::vector<cv::Rect2f> boxes_of(const std::vector<DetectedFace>& faces) {
  std::vector<cv::Rect2f> boxes;
  for (const DetectedFace& face : faces) boxes.push_back(face.box);
  return boxes;
}

}  // namespace

std::vector<CadenceBenchmarkRow> benchmark_cadences(const CadenceBenchmarkOptions& options) {
  const auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  const FootageAnnotations footage = load_footage_annotations(options.annotations);
  std::vector<std::vector<cv::Mat>> clips;
  for (const AnnotatedClip& clip : footage.clips)
    clips.push_back(read_clip((std::filesystem::path(options.footage_dir) / clip.file).string()));

  // The reference: the detector on every frame.
  std::vector<std::vector<std::vector<cv::Rect2f>>> reference(clips.size());
  {
    log("the detector on every frame");
    FaceFinder every_frame(options.detector, FinderOptions{});
    bool ran = false;
    for (size_t c = 0; c < clips.size(); ++c) {
      every_frame.reset();
      for (const cv::Mat& frame : clips[c]) reference[c].push_back(boxes_of(every_frame.find(frame, ran)));
    }
  }

  std::vector<CadenceBenchmarkRow> rows;
  for (const int cadence : options.cadences) {
    log("detector every " + std::to_string(cadence) + " frames");
    FaceFinder finder(options.detector, FinderOptions{cadence});
    CadenceBenchmarkRow row;
    row.detect_every = cadence;
    double total_ms = 0;
    int frames = 0, detector_frames = 0;
    for (size_t c = 0; c < clips.size(); ++c) {
      finder.reset();
      DetectionCount count, kept;
      for (size_t f = 0; f < clips[c].size(); ++f) {
        bool ran = false;
        const auto start = Clock::now();
        const std::vector<DetectedFace> faces = finder.find(clips[c][f], ran);
        total_ms += std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        ++frames;
        detector_frames += ran;
        kept.add(count_detections(reference[c][f], faces));
        if (const int there = faces_in_view(footage.clips[c], static_cast<int>(f)); there >= 0)
          count.add(count_by_number(there, faces.size()));
      }
      row.clips.push_back(count);
      row.kept.push_back(kept);
    }
    row.mean_ms = frames ? total_ms / frames : 0;
    row.detector_share = frames ? static_cast<double>(detector_frames) / frames : 0;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string cadence_benchmark_markdown(const std::vector<CadenceBenchmarkRow>& rows,
                                       const CadenceBenchmarkOptions& options, const FootageAnnotations& footage) {
  char cell[160];
  std::string md = "| detector every | frames the detector ran on |";
  std::string rule = "|---:|---:|";
  for (const AnnotatedClip& c : footage.clips)
    md += " " + c.file + ": face-frames found | of the every-frame detector's, kept |", rule += "---|---|";
  md += " ms per frame (mean) |\n" + rule + "---:|\n";
  for (const CadenceBenchmarkRow& row : rows) {
    std::snprintf(cell, sizeof cell, "| %d | %.0f %% |", row.detect_every, 100 * row.detector_share);
    md += cell;
    for (size_t c = 0; c < row.clips.size(); ++c) {
      std::snprintf(cell, sizeof cell, " %d/%d, %d false | %d/%d |", row.clips[c].found, row.clips[c].faces,
                    row.clips[c].false_boxes, row.kept[c].found, row.kept[c].faces);
      md += cell;
    }
    std::snprintf(cell, sizeof cell, " %.1f |\n", row.mean_ms);
    md += cell;
  }
  md += "\nDetector: " + detector_kind_name(options.detector.kind) +
        (options.detector.tiles_per_frame > 0 ? ", one tile a pass" : ", all tiles each pass") +
        "; between its passes the faces are carried by optical flow (face_finder.hpp), and the detector looks "
        "before its turn when the flow loses a face or something moves away from the people followed; a face a "
        "pass misses stays while the flow follows it, for up to " + std::to_string(kMissedPassesKept) +
        " passes. Found: against the clips' hand counts. Kept: of the faces the detector finds on a frame when it "
        "runs on every frame, those this cadence has on that frame too (IoU >= 0.2).\n";
  return md;
}

}  // namespace ferlab
