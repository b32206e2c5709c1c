// `ferlab video` and `ferlab image`: the live pipeline run over a file, and
// `ferlab bench --pipeline`'s entry point. Argument parsing only; the work is
// in src/vision.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/imgcodecs.hpp>

#include "cli/commands.hpp"
#include "cli/explain_options.hpp"
#include "cli/model_help.hpp"
#include "core/text.hpp"
#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "core/output_paths.hpp"
#include "core/markdown_section.hpp"
#include "core/progress_bar.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"
#include "explain/explained_model.hpp"
#include "models/machine_info.hpp"
#include "models/runtime.hpp"
#include "vision/pipeline_benchmark.hpp"
#include "vision/demo_scene.hpp"
#include "vision/face_finder.hpp"
#include "vision/video_analysis.hpp"

namespace ferlab::cli {

namespace {

// Options both commands share.
struct FaceOptions {
  std::string model = "default";
  std::string detector = detector_kind_name(default_detector_options().kind);
  bool gradcam = false;
  ExplainChoice explain;
  float margin = 1.0f;
  float min_score = DetectorOptions{}.min_score;
  int min_face = 24;
  std::string tta = "none";
};

void add_face_options(CLI::App* cmd, FaceOptions& o) {
  cmd->add_option("--model,-m", o.model, kModelHelp)
      ->capture_default_str();
  cmd->add_option("--detector", o.detector, "Face detector (default: blazeface when fetched, else haar):" + detector_kinds_help())
      ->capture_default_str();
  cmd->add_flag("--gradcam", o.gradcam,
                "Overlay each face's heatmap by --method on --layer, explaining --target (predicted: the label "
                "shown). The methods of one backward pass (" +
                    one_pass_method_names() + ") keep up with a video; the others cost seconds per face");
  add_explain_choice_options(cmd, o.explain, MethodCount::One);
  cmd->add_option("--margin", o.margin, "Face crop margin; 1 frames faces like FER-2013, larger zooms out")
      ->check(CLI::Range(0.5, 3.0))
      ->capture_default_str();
  cmd->add_option("--min-score", o.min_score, "Detector score threshold (BlazeFace, and Haar's BlazeFace check)")
      ->check(CLI::Range(0.05, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-face", o.min_face, "Ignore faces smaller than this many pixels")
      ->check(CLI::Range(8, 4096))
      ->capture_default_str();
  cmd->add_option("--tta", o.tta, "Test-time augmentation: none, flip, tencrop")->capture_default_str();
}

AnalyzerOptions analyzer_options(const FaceOptions& o) {
  AnalyzerOptions a;
  a.detector.kind = detector_kind_from_name(o.detector);
  a.detector.min_score = o.min_score;
  a.detector.min_face_pixels = o.min_face;
  a.align.margin = o.margin;
  const auto tta = tta_from_name(o.tta);
  if (!tta) throw UsageError("unknown --tta '" + o.tta + "' (expected none, flip or tencrop)");
  a.tta = *tta;
  a.cam_method = parse_cam_methods(o.explain.methods).front();
  a.cam_layer = o.explain.layer;
  a.gradcam_class = target_class(o.explain.target);
  a.gradcam = o.gradcam ? GradCamFaces::All : GradCamFaces::None;
  return a;
}

// Loads the model after checking that none of `outputs` (option, path) would
// overwrite `input` or the model's own files.
std::shared_ptr<const FaceClassifier> load_classifier(const std::string& spec, const std::string& input,
                                                      const std::vector<std::pair<std::string, std::string>>& outputs) {
  const std::vector<std::string> paths = resolve_model_paths(spec, models_dir());
  std::vector<std::string> inputs = model_files(paths);
  inputs.push_back(input);
  for (const auto& [option, path] : outputs) check_output(option, path, inputs);
  return std::make_shared<const FaceClassifier>(FaceClassifier::load(paths));
}

// A --layer that a network lacks is refused before the first frame, naming its layers.
// Without --layer a network that has none is explained by its gradient (method_for_layers).
void check_layer(const FaceClassifier& classifier, const FaceOptions& o) {
  if (o.gradcam && !o.explain.layer.empty()) member_layers(classifier, o.explain.layer);
}

void print_summary(const VideoSummary& s) {
  std::printf("%s: %lld frames, faces in %lld, %zu track(s), classifier %s, detector %s\n", s.input.c_str(),
              static_cast<long long>(s.frames), static_cast<long long>(s.frames_with_faces), s.tracks.size(),
              s.classifier.c_str(), s.detector.c_str());
  for (const TrackSummary& t : s.tracks) {
    std::printf("  track %d: %s (mean p %.2f) over %lld frames, %.1f-%.1f s; time:", t.id,
                std::string(emotion_name(t.emotion)).c_str(), t.mean_probabilities[t.emotion],
                static_cast<long long>(t.frames), t.first_s, t.last_s);
    for (int c = 0; c < kNumEmotions; ++c)
      if (t.time_share[c] > 0) std::printf(" %s %.0f%%", std::string(emotion_name(c)).c_str(), 100 * t.time_share[c]);
    std::printf("\n");
  }
  std::printf("label changes per minute of track time: shown (smoothed) %.1f, raw %.1f (%lld and %lld changes in %.1f s)\n",
              s.shown_label_changes.per_minute(), s.raw_label_changes.per_minute(), s.shown_label_changes.changes,
              s.raw_label_changes.changes, s.shown_label_changes.seconds);
  for (const std::string& w : s.warnings) std::fprintf(stderr, "ferlab: warning: %s\n", w.c_str());
}

// `ferlab scene`: a live source for demos and docs when there is no webcam.
void add_scene_command(CLI::App& app) {
  struct SceneArgs {
    std::string data = default_fer2013_dir();
    std::string out;
    int frames = DemoScene::kLoopFrames;
  };
  auto args = std::make_shared<SceneArgs>();
  CLI::App* scene = app.add_subcommand(
      "scene", "Write the demo scene (up to four faces entering, moving, changing expression, leaving) as 640x480 "
               "JPEG frames, to use as a live source");
  scene->add_option("--data", args->data,
                    "Where the faces come from: FER-2013 (its test/<class>/ images), a folder of class folders or "
                    "of face images, or a data set file")
      ->capture_default_str();
  scene->add_option("--out", args->out, "Folder to write frame000.jpg, frame001.jpg, ... into")->required();
  scene->add_option("--frames", args->frames, "Number of frames (the scene loops every " +
                                                  std::to_string(DemoScene::kLoopFrames) + ")")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  scene->footer("Example:\n  ferlab scene --out demo-frames && ferlab studio --source demo-frames\n"
                "The workbench plays the same scene itself: Live panel, \"Play the FER-2013 scene\", or --source scene:PATH.\n");
  scene->callback([args] {
    const DemoScene demo(detectable_faces(load_scene_faces(args->data)));
    std::filesystem::create_directories(args->out);
    for (int f = 0; f < args->frames; ++f) {
      char name[32];
      std::snprintf(name, sizeof name, "frame%03d.jpg", f);
      const std::string path = (std::filesystem::path(args->out) / name).string();
      if (!cv::imwrite(path, demo.render(f), {cv::IMWRITE_JPEG_QUALITY, 92})) throw Error("cannot write " + path);
    }
    std::printf("wrote %d frames to %s\n", args->frames, args->out.c_str());
  });
}

}  // namespace

void add_video_commands(CLI::App& app) {
  auto video_options = std::make_shared<VideoAnalysisOptions>();
  auto video_face = std::make_shared<FaceOptions>();
  auto video_input = std::make_shared<std::string>();
  auto smoothing = std::make_shared<float>(TrackerOptions{}.smoothing_s);
  auto detect_every = std::make_shared<int>(kStreamDetectEvery);
  CLI::App* video = app.add_subcommand("video", "Label (and explain) every face of a video file");
  video->add_option("input", *video_input, "Video file")->required();
  video->add_option("--out", video_options->output_video, "Annotated copy (.mp4 or .avi)");
  video->add_option("--csv", video_options->csv_path,
                    "Per-face CSV: frame, time, track, box, label, confidence, smoothed_* and raw_* probabilities");
  video->add_option("--json", video_options->json_path, "Summary JSON: per track its emotion and time shares");
  video->add_option("--smoothing", *smoothing,
                    "Time constant of each track's moving average, in seconds (0: none); the label shown is the "
                    "largest smoothed probability")
      ->check(CLI::Range(0.0, 10.0))
      ->capture_default_str();
  video->add_option("--detect-every", *detect_every,
                    "Run the detector every N frames and follow the faces it found by optical flow between (a face "
                    "lost makes it look at once; 1: the detector on every frame)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  add_face_options(video, *video_face);
  const CLI::Option* threads = app.get_option("--threads");
  video->callback([=] {
    // Decoding and encoding run beside the analysis, and OpenCV's detector
    // keeps a pool of its own: one LibTorch thread for the faces measured
    // faster than a team of two (docs/BENCHMARKS.md). `ferlab --threads N` stands.
    if (threads->count() == 0) configure_runtime(1);
    VideoAnalysisOptions options = *video_options;
    options.analyzer = analyzer_options(*video_face);
    options.analyzer.tracker.smoothing_s = *smoothing;
    options.analyzer.finder.detect_every = *detect_every;
    check_video_input(*video_input);
    const auto classifier = load_classifier(video_face->model, *video_input,
                                            {{"--out", options.output_video},
                                             {"--csv", options.csv_path},
                                             {"--json", options.json_path}});
    check_layer(*classifier, *video_face);
    std::unique_ptr<ProgressBar> bar;
    const VideoSummary summary = analyze_video(*video_input, classifier, options, [&](int64_t done, int64_t total) {
      if (!bar) bar = std::make_unique<ProgressBar>("video", static_cast<size_t>(std::max<int64_t>(total, 1)), "frame");
      bar->update(static_cast<size_t>(done));
    });
    if (bar) bar->finish();
    print_summary(summary);
    for (const std::string& path : {options.output_video, options.csv_path, options.json_path})
      if (!path.empty()) std::printf("wrote %s\n", path.c_str());
    if (!summary.decode_error.empty())
      throw DataError(summary.decode_error + "; the outputs hold the " + std::to_string(summary.frames) +
                      " frames before it");
  });

  auto image_face = std::make_shared<FaceOptions>();
  auto image_input = std::make_shared<std::string>();
  auto image_output = std::make_shared<std::string>();
  CLI::App* image = app.add_subcommand("image", "Label (and explain) every face of a photo");
  image->add_option("input", *image_input, "Image file (any format OpenCV reads; gray, BGR or RGBA)")->required();
  image->add_option("--out", *image_output, "Annotated image (.png or .jpg)");
  add_face_options(image, *image_face);
  image->callback([=] {
    const auto classifier = load_classifier(image_face->model, *image_input, {{"--out", *image_output}});
    check_layer(*classifier, *image_face);
    const FrameResult result =
        analyze_image(*image_input, classifier, analyzer_options(*image_face), AnnotateOptions{}, *image_output);
    if (result.faces.empty())
      std::fprintf(stderr, "ferlab: warning: no face found in %s (%dx%d)\n", image_input->c_str(),
                   result.frame.image.cols, result.frame.image.rows);
    for (const FaceResult& f : result.faces) {
      std::printf("face %d at (%.0f,%.0f %.0fx%.0f): %s %.0f%%", f.track_id, f.box.x, f.box.y, f.box.width,
                  f.box.height, std::string(emotion_name(f.label)).c_str(), 100 * f.confidence);
      for (int c = 0; c < kNumEmotions; ++c)
        std::printf(" %s=%.2f", std::string(emotion_name(c)).c_str(), f.raw[c]);
      std::printf("\n");
    }
    if (image_output->empty())
      std::printf("nothing written (--out FILE.png saves the annotated image)\n");
    else
      std::printf("wrote %s\n", image_output->c_str());
  });

  add_scene_command(app);
}

int run_pipeline_benchmark(const std::string& markdown_path) {
  std::string classifier_description;
  const auto classifier = benchmark_classifier(models_dir(), classifier_description);
  PipelineBenchmarkOptions options;
  options.fer2013_dir = default_fer2013_dir();
  std::fprintf(stderr, "bench: live pipeline with %s\n", classifier_description.c_str());
  const PipelineBenchmark benchmark = benchmark_pipeline(classifier, options);
  const std::string table = pipeline_benchmark_markdown(benchmark);
  std::printf("%s", table.c_str());
  // Per face count: each configuration, then the seeds' (benchmark_pipeline's order).
  const std::vector<PipelineBenchmarkRun>& runs = benchmark.runs;
  const size_t per_count = options.configurations.size() + 1;
  const double seeds1 = runs[per_count - 1].fps, seeds4 = runs[2 * per_count - 1].fps;
  const auto against = [](double fps, double seeds) { return fixed(fps, 1) + " FPS (" + fixed(fps / seeds, 2) + "x)"; };
  std::string ratio = "\nAgainst the seeds' approach without Grad-CAM (" + fixed(seeds1, 1) + " FPS with one face, " +
                      fixed(seeds4, 1) + " with four), Grad-CAM on every face of every frame:";
  for (size_t c = 0; c < options.configurations.size(); ++c)
    ratio += std::string(c ? ";" : "") + " " + benchmark_configuration_name(options.configurations[c]) + " " +
             against(runs[c].fps, seeds1) + ", " + against(runs[per_count + c].fps, seeds4) + " with four faces";
  // The pipelined runs, per face count, in feed_fps order: the flat-out one is the analysis rate.
  const size_t rates = options.feed_fps.size();
  for (size_t r = 0; r < rates; ++r)
    if (options.feed_fps[r] == 0)
      ratio += "; the live feed, pipelined, fed flat out, " + against(benchmark.pipelined[r].frames_out_fps, seeds1) +
               " frames out, " + against(benchmark.pipelined[rates + r].frames_out_fps, seeds4) + " with four faces";
  ratio += ".\n\n";
  const std::string body =
      "Measured with `ferlab bench --pipeline` on " + machine_summary(describe_machine()) + ". Classifier: " +
      classifier_description + ". Frames: 640x480 JPEGs (quality 90) of FER-2013 test faces pasted on a textured " +
      "background (1 face of 170 px, or 4 of 120 px), drifting a few pixels per frame; " +
      std::to_string(options.frames) + " measured frames after " + std::to_string(options.warmup) +
      " warm-up frames per one-thread run, " + std::to_string(options.pipelined_frames) +
      " per pipelined run. Grad-CAM on every face, every frame; the detector is named in each row.\n\n" +
      table + ratio;
  if (!markdown_path.empty()) {
    replace_markdown_section(markdown_path, "## Live pipeline", "## Live pipeline\n\n" + body);
    std::fprintf(stderr, "bench: wrote the Live pipeline section of %s\n", markdown_path.c_str());
  }
  return 0;
}

}  // namespace ferlab::cli
