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
#include <thread>

#include "core/quantile.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_paths.hpp"
#include "models/model_io.hpp"
#include "vision/annotate.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/pipeline.hpp"
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

// Encoded frames from memory, round and round, as a camera delivers them:
// decoded on the capture thread, `fps` a second (0: as fast as they are read),
// each stamped with the steady clock's time of its capture.
class MemoryCamera : public FrameSource {
 public:
  MemoryCamera(const std::vector<std::vector<uchar>>& frames, double fps)
      : FrameSource(SourceKind::Camera, "benchmark frames"), frames_(frames), fps_(fps) {}

  bool read(Frame& frame) override {
    if (fps_ > 0)
      std::this_thread::sleep_until(start_ + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(static_cast<double>(next_) / fps_)));
    frame.timestamp_s = std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    frame.image = cv::imdecode(frames_[next_ % frames_.size()], cv::IMREAD_COLOR);
    frame.index = static_cast<int64_t>(next_++);
    state_ = SourceState::Running;
    return true;
  }

 private:
  const std::vector<std::vector<uchar>>& frames_;
  double fps_;
  size_t next_ = 0;
  Clock::time_point start_ = Clock::now();
};

// The live feed's path: LivePipeline with the workbench's settings, polled
// the way the UI polls it; each new result's heatmaps drawn at once.
PipelinedBenchmarkRun run_pipelined(std::shared_ptr<const FaceClassifier> classifier,
                                    const std::vector<std::vector<uchar>>& frames, int faces_in_scene, double fps,
                                    int warmup, int measured) {
  PipelineOptions options;
  options.analyzer = live_stream_analysis(default_detector_options().kind, 0);
  LivePipeline pipeline(options, std::move(classifier));
  pipeline.start(std::make_unique<MemoryCamera>(frames, fps));
  std::shared_ptr<const FrameResult> seen;
  std::vector<double> latency;
  size_t faces_found = 0;
  int results = 0;
  Clock::time_point measured_from = Clock::now();
  int64_t captured_before = 0, analysed_before = 0;
  while (results < warmup + measured) {
    auto result = pipeline.latest_result();
    if (!result || result == seen) {
      std::this_thread::sleep_for(std::chrono::microseconds(500));
      continue;
    }
    seen = result;
    cv::Mat canvas = result->frame.image.clone();
    annotate_frame(canvas, result->faces);
    const double drawn_s = std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    if (++results == warmup) {  // from here on the rates are measured
      measured_from = Clock::now();
      const PipelineStatus status = pipeline.status();
      captured_before = status.frames_captured;
      analysed_before = status.frames_analyzed;
    }
    if (results <= warmup) continue;
    latency.push_back(1000 * (drawn_s - result->frame.timestamp_s));
    faces_found += result->faces.size();
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - measured_from).count();
  const PipelineStatus status = pipeline.status();
  pipeline.stop();
  PipelinedBenchmarkRun run;
  run.name = "live feed, pipelined, " + (fps > 0 ? "fed " + std::to_string(static_cast<int>(fps)) + " fps" : std::string("fed flat out")) +
             ", " + std::to_string(faces_in_scene) + (faces_in_scene == 1 ? " face" : " faces");
  run.faces_in_scene = faces_in_scene;
  run.mean_faces_found = latency.empty() ? 0 : static_cast<double>(faces_found) / latency.size();
  run.frames_in_fps = (status.frames_captured - captured_before) / seconds;
  run.frames_out_fps = (status.frames_analyzed - analysed_before) / seconds;
  run.latency = stats("latency", latency);
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



std::vector<LiveConfiguration> default_benchmark_configurations() {
  const DetectorOptions all_tiles = default_detector_options();
  if (all_tiles.kind != DetectorKind::BlazeFace) return {{all_tiles, {}}, {all_tiles, {kStreamDetectEvery}}};  // Haar alone
  DetectorOptions one_tile = all_tiles;
  one_tile.tiles_per_frame = 1;
  DetectorOptions back = all_tiles;
  back.kind = DetectorKind::BlazeFaceBack;
  return {{all_tiles, {}}, {one_tile, {}}, {back, {}}, {all_tiles, {kStreamDetectEvery}}};
}

std::string benchmark_configuration_name(const LiveConfiguration& c) {
  const bool tiled = c.detector.kind == DetectorKind::BlazeFace && c.detector.tile_grid > 1;
  std::string name = detector_kind_name(c.detector.kind) + (tiled && c.detector.tiles_per_frame > 0 ? ", one tile a frame" : "");
  if (c.finder.detect_every > 1) name += " every " + std::to_string(c.finder.detect_every) + " frames, flow between";
  return name;
}

PipelineBenchmark benchmark_pipeline(std::shared_ptr<const FaceClassifier> classifier,
                                     const PipelineBenchmarkOptions& options) {
  const std::vector<cv::Mat> faces = load_fer_test_faces(options.fer2013_dir, 4);
  const int total_frames = options.warmup + options.frames;
  AnalyzerOptions live;
  live.gradcam = GradCamFaces::All;
  PipelineBenchmark out;
  for (const int count : {1, 4}) {
    const auto frames = make_frames(faces, count, total_frames);
    const std::string suffix = count == 1 ? ", 1 face" : ", 4 faces";
    for (const LiveConfiguration& configuration : options.configurations) {
      live.detector = configuration.detector;
      live.finder = configuration.finder;
      out.runs.push_back(run_live(benchmark_configuration_name(configuration) + " + Grad-CAM every face" + suffix,
                                  classifier, live, frames, count, options.warmup));
    }
    out.runs.push_back(run_seeds(classifier, frames, count, options.warmup));
  }
  for (const int count : {1, 4}) {
    const auto frames = make_frames(faces, count, total_frames);
    for (const double fps : options.feed_fps)
      out.pipelined.push_back(run_pipelined(classifier, frames, count, fps, options.warmup, options.pipelined_frames));
  }
  return out;
}

std::string pipeline_benchmark_markdown(const PipelineBenchmark& benchmark) {
  const std::vector<PipelineBenchmarkRun>& runs = benchmark.runs;
  std::string md = "| run | faces found / in scene | decode | detect | align | classify | Grad-CAM | draw | total | FPS |\n"
                   "|---|---|---|---|---|---|---|---|---|---|\n";
  char cell[200];
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
  md += "\nStage cells: median / p95 in milliseconds. FPS: 1000 / mean total, one thread running every stage in turn "
        "(on a cadence, \"detect\" is the detector's pass or the flow's carrying, so its p95 is a pass).\n";
  if (benchmark.pipelined.empty()) return md;
  md += "\n| pipelined run | faces found / in scene | frames in /s | frames out /s | analysed | latency, capture to "
        "drawn heatmaps, median / p95 ms |\n|---|---|---:|---:|---:|---|\n";
  for (const PipelinedBenchmarkRun& run : benchmark.pipelined) {
    std::snprintf(cell, sizeof cell, "| %s | %.2f / %d | %.1f | %.1f | %.0f %% | %.1f / %.1f |\n", run.name.c_str(),
                  run.mean_faces_found, run.faces_in_scene, run.frames_in_fps, run.frames_out_fps,
                  run.frames_in_fps > 0 ? 100 * run.frames_out_fps / run.frames_in_fps : 0.0, run.latency.median_ms,
                  run.latency.p95_ms);
    md += cell;
  }
  md += "\nPipelined: LivePipeline as the workbench runs it (live_stream_analysis: the capture thread decoding the "
        "JPEGs; the detector every " + std::to_string(kStreamDetectEvery) +
        " frames, one tile a pass, on its own thread; the analysis thread following the faces by optical flow, "
        "aligning, classifying and explaining every face), its newest result polled and its heatmaps drawn as the "
        "UI would; frames out per second is its analysis rate, the rest were superseded by newer frames.\n";
  return md;
}

}  // namespace ferlab
