#include "vision/face_detector.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/errors.hpp"
#include "vision/blazeface_detector.hpp"
#include "vision/haar_detector.hpp"
#include "vision/merged_face_detector.hpp"
#include "vision/tiled_face_detector.hpp"

namespace ferlab {

float box_iou(const cv::Rect2f& a, const cv::Rect2f& b) {
  const float inter = (a & b).area();
  const float uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0.f;
}


namespace {
// A share of each tile's side shared with its neighbour: faces up to about a
// quarter of a 2x2 tile lie whole in one tile; larger ones are the whole-frame pass's.
constexpr float kTileOverlap = 0.25f;
}  // namespace

const std::vector<DetectorInfo>& detector_kinds() {
  static const std::vector<DetectorInfo> kinds = {
      {DetectorKind::BlazeFace, "blazeface",
       "BlazeFace front and back models merged, the back one also on 2x2 tiles: near, far and small faces; the slowest"},
      {DetectorKind::BlazeFaceFront, "blazeface-front", "BlazeFace front model only: near faces, fastest"},
      {DetectorKind::BlazeFaceBack, "blazeface-back",
       "BlazeFace back model only: faces from arm's length to a few metres, about 7x faster than blazeface"},
      {DetectorKind::Haar, "haar", "OpenCV Haar cascade, needs no download (also boxes clothes)"},
      {DetectorKind::HaarChecked, "haar-checked", "Haar cascade, each box confirmed by BlazeFace"},
  };
  return kinds;
}

std::vector<std::string> detector_kind_name_list() {
  std::vector<std::string> names;
  for (const DetectorInfo& info : detector_kinds()) names.emplace_back(info.name);
  return names;
}

std::string detector_kind_names() {
  std::string names;
  for (const std::string& name : detector_kind_name_list()) names += (names.empty() ? "" : ", ") + name;
  return names;
}

std::string default_blazeface_dir() {
  if (const char* env = std::getenv("FERLAB_BLAZEFACE_DIR"); env && *env) return env;
  return std::string(FERLAB_SOURCE_DIR) + "/third_party/downloads/blazeface";
}

std::string default_haar_cascade() {
  return "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";
}

bool blazeface_available(const std::string& model_dir) {
  const std::filesystem::path dir = model_dir.empty() ? default_blazeface_dir() : model_dir;
  return std::filesystem::exists(dir / blazeface_front_model().file) &&
         std::filesystem::exists(dir / blazeface_back_model().file);
}

std::string detector_kinds_help() {
  std::string help;
  for (const DetectorInfo& info : detector_kinds()) help += std::string("\n  ") + info.name + ": " + info.help;
  return help;
}

DetectorOptions default_detector_options() {
  DetectorOptions options;
  options.kind = blazeface_available() ? DetectorKind::BlazeFace : DetectorKind::Haar;
  return options;
}

bool same_detector(const DetectorOptions& a, const DetectorOptions& b) {
  return a.kind == b.kind && a.min_score == b.min_score && a.nms_iou == b.nms_iou && a.tile_grid == b.tile_grid &&
         a.tiles_per_frame == b.tiles_per_frame &&
         a.min_face_pixels == b.min_face_pixels && a.model_dir == b.model_dir && a.haar_cascade == b.haar_cascade;
}

DetectorKind detector_kind_from_name(const std::string& name) {
  for (const DetectorInfo& info : detector_kinds())
    if (name == info.name) return info.kind;
  throw UsageError("unknown face detector '" + name + "' (expected one of " + detector_kind_names() + ")");
}

std::string detector_kind_name(DetectorKind kind) {
  for (const DetectorInfo& info : detector_kinds())
    if (kind == info.kind) return info.name;
  return "unknown";
}

std::unique_ptr<FaceDetector> make_face_detector(const DetectorOptions& options) {
  const std::string dir = options.model_dir.empty() ? default_blazeface_dir() : options.model_dir;
  const std::string cascade = options.haar_cascade.empty() ? default_haar_cascade() : options.haar_cascade;
  switch (options.kind) {
    case DetectorKind::BlazeFace: {
      std::vector<std::unique_ptr<FaceDetector>> models;
      models.push_back(std::make_unique<BlazeFaceDetector>(dir, blazeface_front_model(), options));
      models.push_back(std::make_unique<BlazeFaceDetector>(dir, blazeface_back_model(), options));
      if (options.tile_grid > 1)
        models.push_back(std::make_unique<TiledFaceDetector>(
            std::make_unique<BlazeFaceDetector>(dir, blazeface_back_model(), options), options.tile_grid,
            kTileOverlap, options.nms_iou, blazeface_back_model().input_size, options.tiles_per_frame));
      return std::make_unique<MergedFaceDetector>(std::move(models), options.nms_iou);
    }
    case DetectorKind::BlazeFaceFront:
      return std::make_unique<BlazeFaceDetector>(dir, blazeface_front_model(), options);
    case DetectorKind::BlazeFaceBack:
      return std::make_unique<BlazeFaceDetector>(dir, blazeface_back_model(), options);
    case DetectorKind::Haar:
      return std::make_unique<HaarFaceDetector>(cascade, options);
    case DetectorKind::HaarChecked: {
      // The Haar box already passed the size limit; the face inside its crop is what counts.
      DetectorOptions check = options;
      check.min_face_pixels = 1;
      return std::make_unique<HaarFaceDetector>(
          cascade, options, std::make_unique<BlazeFaceDetector>(dir, blazeface_front_model(), check));
    }
  }
  throw UsageError("unknown face detector kind");
}

}  // namespace ferlab
