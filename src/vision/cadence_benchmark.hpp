#pragma once
// `ferlab bench --cadence`: what running the detector every n-th frame and
// carrying faces by optical flow between (face_finder.hpp) costs in faces, and
// what it saves in time, on the real clips of ../shared/footage. Each frame's
// faces are compared with the detector's own on that frame (run on every
// frame, as before the cadence), and the clips' hand counts say how many faces
// there are.
#include <functional>
#include <string>
#include <vector>

#include "vision/detector_benchmark.hpp"

namespace ferlab {

struct CadenceBenchmarkOptions {
  std::string footage_dir;               // ../shared/footage
  std::string annotations;               // docs/footage_faces.json
  std::vector<int> cadences = {1, 2, 3, 5, 8};
  DetectorOptions detector;              // the detector each cadence runs
  std::function<void(const std::string&)> log;
};

struct CadenceBenchmarkRow {
  int detect_every = 1;
  std::vector<DetectionCount> clips;     // per annotated clip, against its hand counts
  // Per clip: of the faces the detector finds on a frame when it runs on every
  // frame, how many this cadence has there too (IoU >= kFaceMatchIou).
  std::vector<DetectionCount> kept;
  double mean_ms = 0;                    // per frame, detector passes and carrying together
  double detector_share = 0;             // frames on which the detector ran
};

// Throws DataError when an input is missing, ModelError when the detector cannot be made.
std::vector<CadenceBenchmarkRow> benchmark_cadences(const CadenceBenchmarkOptions& options);

// The section body (no heading).
std::string cadence_benchmark_markdown(const std::vector<CadenceBenchmarkRow>& rows,
                                       const CadenceBenchmarkOptions& options, const FootageAnnotations& footage);

}  // namespace ferlab
