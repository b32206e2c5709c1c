#pragma once
// `ferlab bench --detectors`: how many of the faces a person sees each face
// detector finds, and how many boxes it draws where there is no face. Three
// kinds of input: the hand-annotated photos and clips of ../shared/footage
// (docs/footage_faces.json), and 640x480 frames with FER-2013 test faces pasted
// at known sizes and places (synthetic_scene.hpp), counted per face size.
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "vision/face_detector.hpp"

namespace ferlab {

// A detection counts as a found face when its box overlaps the annotated box by
// at least this IoU, one detection per face. Low, because FER-2013's crops are
// framed differently from face to face: on a 64-pixel paste BlazeFace's box
// measured 32 to 59 pixels (IoU 0.25 to 0.85), all of them on the face.
constexpr float kFaceMatchIou = 0.2f;

struct AnnotatedImage {
  std::string file;                // relative to the footage folder
  std::vector<cv::Rect2f> faces;
};
struct ClipSegment {
  int first = 0, last = 0;  // frame indices, inclusive
  int faces = 0;            // faces in view on each of these frames
};
struct AnnotatedClip {
  std::string file;
  std::vector<ClipSegment> segments;
};
struct FootageAnnotations {
  std::vector<AnnotatedImage> images;
  std::vector<AnnotatedClip> clips;
};
// Throws DataError naming the file and the entry that is wrong.
FootageAnnotations load_footage_annotations(const std::string& json_path);

struct DetectionCount {
  int faces = 0;        // faces there are
  int found = 0;        // of them, found
  int false_boxes = 0;  // boxes matching no face
  void add(const DetectionCount& other);
  double recall() const { return faces ? static_cast<double>(found) / faces : 0.0; }
};
// One-to-one, greedy by IoU: each face takes the unused detection overlapping it most.
DetectionCount count_detections(const std::vector<cv::Rect2f>& faces, const std::vector<DetectedFace>& found);
// Clips are annotated with counts, not boxes: found = min(boxes, faces), the rest false.
DetectionCount count_by_number(int faces, size_t boxes);

struct DetectorBenchmarkOptions {
  std::string fer2013_dir;
  std::string footage_dir;                  // ../shared/footage
  std::string annotations;                  // docs/footage_faces.json
  std::vector<DetectorKind> detectors;      // empty: every kind in detector_kinds()
  std::vector<int> pasted_sizes = {32, 48, 64, 96, 128, 192, 288, 400};  // face side in pixels
  size_t faces_per_size = 32;               // FER-2013 test faces, one per frame
  DetectorOptions detector;                 // thresholds and tiles; `kind` is set per row
  std::function<void(const std::string&)> log;
};

struct DetectorBenchmarkRow {
  std::string detector;                    // detector_kind_name
  std::vector<DetectionCount> images;      // per annotated image
  std::vector<DetectionCount> clips;       // per annotated clip
  std::vector<DetectionCount> pasted;      // per pasted size
  double median_ms_pasted = 0;             // per 640x480 frame
  double median_ms_clips = 0;              // per clip frame (640x360 and 1280x720)
};

// Throws DataError when an input is missing; kinds that cannot be made (BlazeFace not fetched) are skipped with a log line.
std::vector<DetectorBenchmarkRow> benchmark_detectors(const DetectorBenchmarkOptions& options);

// The section body (no heading): the tables and what they measured.
std::string detector_benchmark_markdown(const std::vector<DetectorBenchmarkRow>& rows,
                                        const DetectorBenchmarkOptions& options, const FootageAnnotations& footage);

}  // namespace ferlab
