#pragma once
// `ferlab bench --pipeline`: per-stage latency of the live pipeline on 640x480
// frames built from FER-2013 test faces pasted on a background, with 1 and 4
// faces, against the seeds' approach (Haar cascade on the whole frame, the box
// resized to 48x48, classification) in the same run: one thread running every
// stage in turn for each configuration, then the live feed's pipelined path
// (LivePipeline: capture, detector and analysis on their own threads), its
// frames in and out per second and its latency from capture to drawn heatmap.
#include <memory>
#include <string>
#include <vector>

#include "eval/face_classifier.hpp"
#include "vision/face_detector.hpp"
#include "vision/face_finder.hpp"

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

// The live feed's pipelined path fed `fps` frames a second (0: as fast as its capture thread reads them).
struct PipelinedBenchmarkRun {
  std::string name;
  int faces_in_scene = 0;
  double mean_faces_found = 0;     // per analysed frame
  double frames_in_fps = 0;        // captured
  double frames_out_fps = 0;       // analysed
  StageStats latency;              // ms from the frame's capture to its heatmaps drawn
};

// A detector, and how often and where it runs.
struct LiveConfiguration {
  DetectorOptions detector;
  FinderOptions finder;
};
std::vector<LiveConfiguration> default_benchmark_configurations();
// "blazeface", "blazeface, one tile a frame", "blazeface every 5 frames, flow between": a row's name.
std::string benchmark_configuration_name(const LiveConfiguration& configuration);

struct PipelineBenchmarkOptions {
  std::string fer2013_dir;          // folder holding test/<class>/*.jpg
  int frames = 120;                 // measured frames per run (after warm-up)
  int warmup = 10;
  // One-thread runs: the merged detector on every frame with all its tiles and
  // with one tile a frame (before the cadence: `ferlab video` and the live
  // feed), the back model alone, and on a cadence with flow between (`ferlab
  // video` now).
  std::vector<LiveConfiguration> configurations = default_benchmark_configurations();
  int pipelined_frames = 300;        // analysed frames measured per pipelined run, after `warmup` of them
  std::vector<double> feed_fps = {30, 0};  // the pipelined runs' input: a webcam's 30 fps, then flat out
};

// The default model of `models_dir`, or, when none is trained yet, an untrained
// CNN (same architecture, so the same timings). `description` says which.
std::shared_ptr<const FaceClassifier> benchmark_classifier(const std::string& models_dir, std::string& description);


struct PipelineBenchmark {
  std::vector<PipelineBenchmarkRun> runs;             // per face count: each configuration, then the seeds'
  std::vector<PipelinedBenchmarkRun> pipelined;       // per face count: each feed rate
};

// For 1 face, then 4: one-thread runs per configuration, the seeds' approach,
// then the live feed's pipelined path.
PipelineBenchmark benchmark_pipeline(std::shared_ptr<const FaceClassifier> classifier,
                                     const PipelineBenchmarkOptions& options);

// The runs as markdown tables (no heading).
std::string pipeline_benchmark_markdown(const PipelineBenchmark& benchmark);

}  // namespace ferlab
