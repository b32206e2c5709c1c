#pragma once
// `ferlab bench --pipeline`: per-stage latency of the live pipeline on 640x480
// frames built from FER-2013 test faces pasted on a background, with 1 and 4
// faces, against the seeds' approach (Haar cascade on the whole frame, the box
// resized to 48x48, classification) in the same run.
#include <memory>
#include <string>
#include <vector>

#include "eval/face_classifier.hpp"
#include "vision/face_detector.hpp"

namespace ferlab {

struct StageStats {
  std::string stage;
  double median_ms = 0;
  double p95_ms = 0;
};

struct PipelineBenchmarkRun {
  std::string name;                // "blazeface + Grad-CAM, 1 face"
  int faces_in_scene = 0;
  double mean_faces_found = 0;     // per frame
  std::vector<StageStats> stages;  // decode, detect, align, classify, gradcam, draw, total
  double fps = 0;                  // 1000 / mean total ms, one thread doing every stage
};

std::vector<DetectorOptions> default_benchmark_detectors();
// "blazeface", "blazeface, one tile a frame": a row's name.
std::string benchmark_detector_name(const DetectorOptions& detector);

struct PipelineBenchmarkOptions {
  std::string fer2013_dir;          // folder holding test/<class>/*.jpg
  int frames = 120;                 // measured frames per run (after warm-up)
  int warmup = 10;
  // One live run per detector: the default with all its tiles on every frame
  // (`ferlab video`), with one tile a frame (the workbench's live feed), and
  // the fast one the Live panel offers instead.
  std::vector<DetectorOptions> detectors = default_benchmark_detectors();
};

// The default model of `models_dir`, or, when none is trained yet, an untrained
// CNN (same architecture, so the same timings). `description` says which.
std::shared_ptr<const FaceClassifier> benchmark_classifier(const std::string& models_dir, std::string& description);


// For 1 face, then 4: one live run per detector, then the seeds' approach.
std::vector<PipelineBenchmarkRun> benchmark_pipeline(std::shared_ptr<const FaceClassifier> classifier,
                                                     const PipelineBenchmarkOptions& options);

// The runs as a markdown table section body (no heading).
std::string pipeline_benchmark_markdown(const std::vector<PipelineBenchmarkRun>& runs);

}  // namespace ferlab
