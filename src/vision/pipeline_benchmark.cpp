#include "vision/pipeline_benchmark.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>

#include "core/quantile.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_paths.hpp"
#include "models/model_io.hpp"
#include "vision/annotate.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/synthetic_scene.hpp"

namespace ferlab {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

StageStats stats(const std::string& stage, std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return {stage, quantile_of_sorted(samples, 0.5), quantile_of_sorted(samples, 0.95)};
}

// One scene per frame, JPEG-encoded as a webcam's MJPEG stream would deliver
// it, so that "decode" is real decoding work. Faces drift a few pixels per
// frame so that the tracker follows moving boxes.
std::vector<std::vector<uchar>> make_frames(const std::vector<cv::Mat>& faces, int count, int frames) {
  const cv::Mat background = make_background({kBenchmarkSceneWidth, kBenchmarkSceneHeight}, 7);
  std::vector<std::vector<uchar>> encoded(frames);
  for (int f = 0; f < frames; ++f)
    cv::imencode(".jpg", render_benchmark_scene(faces, count, f, background), encoded[f], {cv::IMWRITE_JPEG_QUALITY, 90});
  return encoded;
}

PipelineBenchmarkRun run_live(const std::string& name, std::shared_ptr<const FaceClassifier> classifier,
                              const AnalyzerOptions& analyzer_options, const std::vector<std::vector<uchar>>& frames,
                              int faces_in_scene, int warmup) {
  FrameAnalyzer analyzer(analyzer_options, std::move(classifier));
  std::vector<double> decode, detect, align, classify, gradcam, draw, total;
  size_t faces_found = 0;
  for (size_t f = 0; f < frames.size(); ++f) {
    Frame frame;
    auto t = Clock::now();
    frame.image = cv::imdecode(frames[f], cv::IMREAD_COLOR);
    frame.decode_ms = ms_since(t);
    frame.index = static_cast<int64_t>(f);
    FrameResult result = analyzer.analyze(std::move(frame));
    t = Clock::now();
    annotate_frame(result.frame.image, result.faces);
    const double draw_ms = ms_since(t);
    if (static_cast<int>(f) < warmup) continue;
    faces_found += result.faces.size();
    decode.push_back(result.timings.decode);
    detect.push_back(result.timings.detect);
    align.push_back(result.timings.align);
    classify.push_back(result.timings.classify);
    gradcam.push_back(result.timings.gradcam);
    draw.push_back(draw_ms);
    total.push_back(result.timings.total + draw_ms);
  }
  PipelineBenchmarkRun run;
  run.name = name;
  run.faces_in_scene = faces_in_scene;
  run.mean_faces_found = static_cast<double>(faces_found) / total.size();
  run.stages = {stats("decode", decode),     stats("detect", detect),   stats("align", align),
                stats("classify", classify), stats("gradcam", gradcam), stats("draw", draw),
                stats("total", total)};
  run.fps = 1000.0 / (std::accumulate(total.begin(), total.end(), 0.0) / total.size());
  return run;
}

// The seeds' approach: Haar on the full frame, the box resized to 48x48, classify.
PipelineBenchmarkRun run_seeds(std::shared_ptr<const FaceClassifier> classifier,
                               const std::vector<std::vector<uchar>>& frames, int faces_in_scene, int warmup) {
  DetectorOptions detector_options;
  detector_options.kind = DetectorKind::Haar;
  std::unique_ptr<FaceDetector> haar = make_face_detector(detector_options);
  std::vector<double> decode, detect, align, classify, draw, total;
  size_t faces_found = 0;
  for (size_t f = 0; f < frames.size(); ++f) {
    const auto start = Clock::now();
    auto t = Clock::now();
    cv::Mat image = cv::imdecode(frames[f], cv::IMREAD_COLOR);
    const double decode_ms = ms_since(t);
    t = Clock::now();
    const std::vector<DetectedFace> faces = haar->detect(image);
    const double detect_ms = ms_since(t);
    t = Clock::now();
    cv::Mat gray;
    cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY);
    std::vector<uint8_t> crops(faces.size() * kFacePixels);
    std::vector<FaceResult> results(faces.size());
    for (size_t i = 0; i < faces.size(); ++i) {
      const cv::Rect box = cv::Rect(faces[i].box) & cv::Rect(0, 0, gray.cols, gray.rows);
      cv::Mat crop;
      cv::resize(gray(box), crop, {kFaceSize, kFaceSize}, 0, 0, cv::INTER_AREA);
      std::memcpy(crops.data() + i * kFacePixels, crop.data, kFacePixels);
      results[i].box = faces[i].box;
    }
    const double align_ms = ms_since(t);
    t = Clock::now();
    const std::vector<Probabilities> probabilities = classifier->predict(crops.data(), faces.size());
    for (size_t i = 0; i < faces.size(); ++i) {
      results[i].raw = results[i].smoothed = probabilities[i];
      results[i].label = argmax(probabilities[i]);
      results[i].confidence = probabilities[i][results[i].label];
    }
    const double classify_ms = ms_since(t);
    t = Clock::now();
    annotate_frame(image, results);
    const double draw_ms = ms_since(t);
    const double total_ms = ms_since(start);
    if (static_cast<int>(f) < warmup) continue;
    faces_found += faces.size();
    decode.push_back(decode_ms);
    detect.push_back(detect_ms);
    align.push_back(align_ms);
    classify.push_back(classify_ms);
    draw.push_back(draw_ms);
    total.push_back(total_ms);
  }
  PipelineBenchmarkRun run;
  run.name = "seeds: Haar full frame + classify, " + std::to_string(faces_in_scene) + (faces_in_scene == 1 ? " face" : " faces");
  run.faces_in_scene = faces_in_scene;
  run.mean_faces_found = static_cast<double>(faces_found) / total.size();
  run.stages = {stats("decode", decode),     stats("detect", detect), stats("align", align),
                stats("classify", classify), {"gradcam", 0, 0},       stats("draw", draw),
                stats("total", total)};
  run.fps = 1000.0 / (std::accumulate(total.begin(), total.end(), 0.0) / total.size());
  return run;
}

}  // namespace

std::shared_ptr<const FaceClassifier> benchmark_classifier(const std::string& models_dir, std::string& description) {
  std::vector<std::string> paths;
  try {
    paths = resolve_model_paths("default", models_dir);
  } catch (const ModelError&) {
    // Nothing trained yet; a broken model file below still fails loudly.
  }
  if (!paths.empty()) {
    auto classifier = std::make_shared<const FaceClassifier>(FaceClassifier::load(paths));
    description = classifier->description();
    return classifier;
  }
  LoadedModel untrained;
  untrained.net = make_model("cnn");
  untrained.net->eval();
  untrained.card.name = "cnn-untrained";
  untrained.card.arch = "cnn";
  description = "untrained cnn (no trained model in " + models_dir + " yet; same architecture, same cost)";
  std::vector<LoadedModel> members;
  members.push_back(std::move(untrained));
  return std::make_shared<const FaceClassifier>(std::move(members));
}



std::vector<DetectorOptions> default_benchmark_detectors() {
  DetectorOptions all_tiles = default_detector_options();
  DetectorOptions one_tile = all_tiles;
  one_tile.tiles_per_frame = 1;
  DetectorOptions back = all_tiles;
  back.kind = DetectorKind::BlazeFaceBack;
  if (all_tiles.kind != DetectorKind::BlazeFace) return {all_tiles};  // BlazeFace not fetched: Haar alone
  return {all_tiles, one_tile, back};
}

std::string benchmark_detector_name(const DetectorOptions& detector) {
  const bool tiled = detector.kind == DetectorKind::BlazeFace && detector.tile_grid > 1;
  return detector_kind_name(detector.kind) + (tiled && detector.tiles_per_frame > 0 ? ", one tile a frame" : "");
}

std::vector<PipelineBenchmarkRun> benchmark_pipeline(std::shared_ptr<const FaceClassifier> classifier,
                                                     const PipelineBenchmarkOptions& options) {
  const std::vector<cv::Mat> faces = load_fer_test_faces(options.fer2013_dir, 4);
  const int total_frames = options.warmup + options.frames;
  AnalyzerOptions live;
  live.gradcam = GradCamFaces::All;
  std::vector<PipelineBenchmarkRun> runs;
  for (const int count : {1, 4}) {
    const auto frames = make_frames(faces, count, total_frames);
    const std::string suffix = count == 1 ? ", 1 face" : ", 4 faces";
    for (const DetectorOptions& detector : options.detectors) {
      live.detector = detector;
      runs.push_back(run_live(benchmark_detector_name(detector) + " + Grad-CAM every face" + suffix, classifier, live,
                              frames, count, options.warmup));
    }
    runs.push_back(run_seeds(classifier, frames, count, options.warmup));
  }
  return runs;
}

std::string pipeline_benchmark_markdown(const std::vector<PipelineBenchmarkRun>& runs) {
  std::string md = "| run | faces found / in scene | decode | detect | align | classify | Grad-CAM | draw | total | FPS |\n"
                   "|---|---|---|---|---|---|---|---|---|---|\n";
  char cell[96];
  for (const PipelineBenchmarkRun& run : runs) {
    std::snprintf(cell, sizeof cell, "| %s | %.2f / %d |", run.name.c_str(), run.mean_faces_found, run.faces_in_scene);
    md += cell;
    for (const StageStats& s : run.stages) {
      std::snprintf(cell, sizeof cell, " %.1f / %.1f |", s.median_ms, s.p95_ms);
      md += cell;
    }
    std::snprintf(cell, sizeof cell, " %.1f |\n", run.fps);
    md += cell;
  }
  md += "\nStage cells: median / p95 in milliseconds. FPS: 1000 / mean total, one thread running every stage in turn.\n";
  return md;
}

}  // namespace ferlab
