#include "vision/face_detector.hpp"

#include <cstdlib>
#include <filesystem>

#include "core/errors.hpp"
#include "vision/blazeface_detector.hpp"
#include "vision/haar_detector.hpp"

namespace ferlab {

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

DetectorKind detector_kind_from_name(const std::string& name) {
  if (name == "blazeface") return DetectorKind::BlazeFace;
  if (name == "blazeface-front") return DetectorKind::BlazeFaceFront;
  if (name == "haar") return DetectorKind::Haar;
  throw UsageError("unknown face detector '" + name + "' (expected blazeface, blazeface-front or haar)");
}

std::string detector_kind_name(DetectorKind kind) {
  switch (kind) {
    case DetectorKind::BlazeFace: return "blazeface";
    case DetectorKind::BlazeFaceFront: return "blazeface-front";
    case DetectorKind::Haar: return "haar";
  }
  return "unknown";
}

std::unique_ptr<FaceDetector> make_face_detector(const DetectorOptions& options) {
  const std::string dir = options.model_dir.empty() ? default_blazeface_dir() : options.model_dir;
  switch (options.kind) {
    case DetectorKind::BlazeFace:
      return std::make_unique<BlazeFaceDetector>(dir, blazeface_back_model(), options);
    case DetectorKind::BlazeFaceFront:
      return std::make_unique<BlazeFaceDetector>(dir, blazeface_front_model(), options);
    case DetectorKind::Haar:
      return std::make_unique<HaarFaceDetector>(
          options.haar_cascade.empty() ? default_haar_cascade() : options.haar_cascade, options);
  }
  throw UsageError("unknown face detector kind");
}

}  // namespace ferlab
