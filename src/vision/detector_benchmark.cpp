#include "vision/detector_benchmark.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/quantile.hpp"
#include "vision/merged_face_detector.hpp"
#include "vision/synthetic_scene.hpp"

namespace ferlab {

namespace {

using Clock = std::chrono::steady_clock;

double median_of(std::vector<double> samples) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  return quantile_of_sorted(samples, 0.5);
}

// A timed detect() call; the time goes to `times`.
std::vector<DetectedFace> timed_detect(FaceDetector& detector, const cv::Mat& frame, std::vector<double>& times) {
  const auto start = Clock::now();
  std::vector<DetectedFace> faces = detector.detect(frame);
  times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  return faces;
}

cv::Rect2f rect_from_json(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array() || j.size() != 4 || !std::all_of(j.begin(), j.end(), [](const auto& v) { return v.is_number(); }))
    throw DataError(where + ": expected a face box [x, y, width, height], found " + json_text(j));
  const cv::Rect2f box(j[0].get<float>(), j[1].get<float>(), j[2].get<float>(), j[3].get<float>());
  if (box.width <= 0 || box.height <= 0) throw DataError(where + ": face box " + json_text(j) + " has no area");
  return box;
}

// One pasted frame per (size, face): the face at a random place inside the frame.
struct PastedFrame {
  cv::Mat image;
  cv::Rect face;
};

PastedFrame pasted_frame(const cv::Mat& face, int side, size_t index, const std::vector<cv::Mat>& backgrounds) {
  std::mt19937 rng(static_cast<unsigned>(side * 1000 + index));
  const cv::Mat& background = backgrounds[index % backgrounds.size()];
  std::uniform_int_distribution<int> x(0, background.cols - side), y(0, background.rows - side);
  PastedFrame frame{background.clone(), cv::Rect(x(rng), y(rng), side, side)};
  paste_face(frame.image, face, frame.face);
  return frame;
}

}  // namespace

void DetectionCount::add(const DetectionCount& other) {
  faces += other.faces;
  found += other.found;
  false_boxes += other.false_boxes;
}

FootageAnnotations load_footage_annotations(const std::string& json_path) {
  std::ifstream in(json_path);
  if (!in) throw DataError(json_path + ": cannot open the footage annotations");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = parse_json(text.str(), json_path);
  FootageAnnotations footage;
  try {
    for (const auto& image : j.at("images")) {
      AnnotatedImage a{image.at("file").get<std::string>(), {}};
      for (const auto& box : image.at("faces")) a.faces.push_back(rect_from_json(box, json_path + ": " + a.file));
      footage.images.push_back(std::move(a));
    }
    for (const auto& clip : j.at("clips")) {
      AnnotatedClip a{clip.at("file").get<std::string>(), {}};
      for (const auto& s : clip.at("segments")) {
        const ClipSegment segment{s.at("first").get<int>(), s.at("last").get<int>(), s.at("faces").get<int>()};
        if (segment.first < 0 || segment.last < segment.first || segment.faces < 0)
          throw DataError(json_path + ": " + a.file + ": segment " + json_text(s) +
                          " needs 0 <= first <= last and faces >= 0");
        a.segments.push_back(segment);
      }
      footage.clips.push_back(std::move(a));
    }
  } catch (const nlohmann::json::exception& e) {
    throw DataError(json_path + ": expected {\"images\": [{\"file\", \"faces\"}], \"clips\": [{\"file\", "
                    "\"segments\": [{\"first\", \"last\", \"faces\"}]}]}: " + e.what());
  }
  return footage;
}

DetectionCount count_detections(const std::vector<cv::Rect2f>& faces, const std::vector<DetectedFace>& found) {
  DetectionCount count;
  count.faces = static_cast<int>(faces.size());
  std::vector<bool> used(found.size(), false);
  for (const cv::Rect2f& face : faces) {
    int best = -1;
    float best_iou = kFaceMatchIou;
    for (size_t d = 0; d < found.size(); ++d) {
      const float overlap = box_iou(face, found[d].box);
      if (!used[d] && overlap >= best_iou) {
        best = static_cast<int>(d);
        best_iou = overlap;
      }
    }
    if (best < 0) continue;
    used[best] = true;
    ++count.found;
  }
  count.false_boxes = static_cast<int>(std::count(used.begin(), used.end(), false));
  return count;
}

DetectionCount count_by_number(int faces, size_t boxes) {
  const int n = static_cast<int>(boxes);
  return {faces, std::min(n, faces), std::max(0, n - faces)};
}

std::vector<DetectorBenchmarkRow> benchmark_detectors(const DetectorBenchmarkOptions& options) {
  const auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };
  const FootageAnnotations footage = load_footage_annotations(options.annotations);
  const std::vector<cv::Mat> faces = load_fer_test_faces(options.fer2013_dir, options.faces_per_size);
  std::vector<cv::Mat> backgrounds;
  for (unsigned seed = 0; seed < 4; ++seed) backgrounds.push_back(make_background({640, 480}, seed));
  std::vector<cv::Mat> images;
  for (const AnnotatedImage& a : footage.images) {
    const std::string path = (std::filesystem::path(options.footage_dir) / a.file).string();
    images.push_back(cv::imread(path, cv::IMREAD_COLOR));
    if (images.back().empty()) throw DataError(path + ": cannot read the annotated image");
  }

  std::vector<DetectorKind> kinds = options.detectors;
  if (kinds.empty())
    for (const DetectorInfo& info : detector_kinds()) kinds.push_back(info.kind);

  std::vector<DetectorBenchmarkRow> rows;
  for (const DetectorKind kind : kinds) {
    DetectorOptions detector_options = options.detector;
    detector_options.kind = kind;
    std::unique_ptr<FaceDetector> detector;
    try {
      detector = make_face_detector(detector_options);
    } catch (const ModelError& e) {
      log(detector_kind_name(kind) + " skipped: " + e.what());
      continue;
    }
    DetectorBenchmarkRow row;
    row.detector = detector_kind_name(kind);
    log(row.detector + ": photos");
    std::vector<double> unused_times;
    for (size_t i = 0; i < images.size(); ++i)
      row.images.push_back(count_detections(footage.images[i].faces, timed_detect(*detector, images[i], unused_times)));

    log(row.detector + ": clips");
    std::vector<double> clip_times;
    for (const AnnotatedClip& clip : footage.clips) {
      const std::string path = (std::filesystem::path(options.footage_dir) / clip.file).string();
      cv::VideoCapture capture(path);
      if (!capture.isOpened()) throw DataError(path + ": cannot open the annotated clip");
      DetectionCount count;
      cv::Mat frame;
      for (int f = 0; capture.read(frame); ++f) {
        const auto segment = std::find_if(clip.segments.begin(), clip.segments.end(),
                                          [f](const ClipSegment& s) { return f >= s.first && f <= s.last; });
        if (segment == clip.segments.end()) continue;
        count.add(count_by_number(segment->faces, timed_detect(*detector, frame, clip_times).size()));
      }
      row.clips.push_back(count);
    }
    row.median_ms_clips = median_of(clip_times);

    log(row.detector + ": pasted faces");
    std::vector<double> pasted_times;
    for (const int side : options.pasted_sizes) {
      DetectionCount count;
      for (size_t i = 0; i < faces.size(); ++i) {
        const PastedFrame frame = pasted_frame(faces[i], side, i, backgrounds);
        count.add(count_detections({cv::Rect2f(frame.face)}, timed_detect(*detector, frame.image, pasted_times)));
      }
      row.pasted.push_back(count);
    }
    row.median_ms_pasted = median_of(pasted_times);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string detector_benchmark_markdown(const std::vector<DetectorBenchmarkRow>& rows,
                                        const DetectorBenchmarkOptions& options, const FootageAnnotations& footage) {
  char cell[160];
  const auto found_cell = [&](const DetectionCount& c) {
    std::snprintf(cell, sizeof cell, " %d/%d, %d false |", c.found, c.faces, c.false_boxes);
    return std::string(cell);
  };
  std::string md = "Faces found / faces there, and boxes on no face (false), at score threshold ";
  std::snprintf(cell, sizeof cell, "%.2f", options.detector.min_score);
  md += std::string(cell) + ".\n\n| detector |";
  std::string rule = "|---|";
  for (const AnnotatedImage& a : footage.images) md += " " + a.file + " |", rule += "---|";
  for (const AnnotatedClip& c : footage.clips) md += " " + c.file + " (face-frames) |", rule += "---|";
  md += " pasted, all sizes | ms per 640x480 frame | ms per clip frame |\n" + rule + "---|---:|---:|\n";
  for (const DetectorBenchmarkRow& row : rows) {
    md += "| " + row.detector + " |";
    for (const DetectionCount& c : row.images) md += found_cell(c);
    for (const DetectionCount& c : row.clips) md += found_cell(c);
    DetectionCount pasted;
    for (const DetectionCount& c : row.pasted) pasted.add(c);
    md += found_cell(pasted);
    std::snprintf(cell, sizeof cell, " %.1f | %.1f |\n", row.median_ms_pasted, row.median_ms_clips);
    md += cell;
  }

  md += "\nRecall on pasted FER-2013 test faces by face side (pixels, in a 640x480 frame), false boxes in brackets:\n\n"
        "| detector |";
  rule = "|---|";
  for (const int side : options.pasted_sizes) md += " " + std::to_string(side) + " |", rule += "---:|";
  md += "\n" + rule + "\n";
  for (const DetectorBenchmarkRow& row : rows) {
    md += "| " + row.detector + " |";
    for (const DetectionCount& c : row.pasted) {
      std::snprintf(cell, sizeof cell, " %.0f %% (%d) |", 100 * c.recall(), c.false_boxes);
      md += cell;
    }
    md += "\n";
  }
  return md;
}

}  // namespace ferlab
