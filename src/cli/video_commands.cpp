// `ferlab video` and `ferlab image`: the live pipeline run over a file, and
// `ferlab bench --pipeline`'s entry point. Argument parsing only; the work is
// in src/vision.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
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
#include "core/atomic_file.hpp"
#include "core/json_text.hpp"
#include "core/worker_process.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"
#include "explain/explained_model.hpp"
#include "models/machine_info.hpp"
#include "models/runtime.hpp"
#include "vision/pipeline_benchmark.hpp"
#include "vision/demo_scene.hpp"
#include "vision/face_finder.hpp"
#include "vision/batch_inputs.hpp"
#include "vision/batch_report.hpp"
#include "vision/batch_run.hpp"
#include "vision/file_outcome.hpp"
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
// overwrite the `inputs` or the model's own files.
std::shared_ptr<const FaceClassifier> load_classifier(const std::string& spec, std::vector<std::string> inputs,
                                                      const std::vector<std::pair<std::string, std::string>>& outputs) {
  const std::vector<std::string> paths = resolve_model_paths(spec, models_dir());
  for (std::string& file : model_files(paths)) inputs.push_back(std::move(file));
  for (const auto& [option, path] : outputs) check_output(option, path, inputs);
  return std::make_shared<const FaceClassifier>(FaceClassifier::load(paths));
}

// A --layer that a network lacks is refused before the first frame, naming its layers.
// Without --layer a network that has none is explained by its gradient (method_for_layers).
void check_layer(const FaceClassifier& classifier, const FaceOptions& o) {
  if (o.gradcam && !o.explain.layer.empty()) member_layers(classifier, o.explain.layer);
}

using FaceClassifierPtr = std::shared_ptr<const FaceClassifier>;

// The arguments both commands take about files: what to read, what to write,
// how many worker processes.
struct FileArgs {
  std::vector<std::string> inputs;
  std::string out;  // one input: the annotated copy; a batch: the folder of copies
  std::string csv;
  std::string json;
  int jobs = 1;
  bool worker = false;  // this process is one of a batch's workers (batch_run.hpp)
};

void add_file_options(CLI::App* cmd, FileArgs& a, MediaKind kind) {
  const bool video = kind == MediaKind::Video;
  cmd->add_option("inputs", a.inputs,
                  video ? "Video files, and folders searched for them (.mp4, .avi, .mkv, .mov, ...)"
                        : "Image files (any format OpenCV reads; gray, BGR or RGBA), and folders searched for them")
      ->required();
  cmd->add_option("--out", a.out,
                  video ? "Annotated copy (.mp4 or .avi); with several inputs, the folder for the copies (.mp4)"
                        : "Annotated image (.png or .jpg); with several inputs, the folder for the copies");
  cmd->add_option("--csv", a.csv,
                  "One row per face" + std::string(video ? " per frame" : "") +
                      ": file, frame, time, track, box, label, confidence, smoothed_* and raw_* probabilities");
  cmd->add_option("--json", a.json,
                  video ? "Summary JSON: per file its tracks (emotion, time shares) or error, and the totals"
                        : "Summary JSON: per file its faces or error, and the totals");
  cmd->add_option("--jobs,-j", a.jobs, "Files analysed at once, each by a worker process of its own")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_flag("--batch-worker", a.worker)->group("");  // started by --jobs, not by people
}

// Outputs are checked before any model loads: none may overwrite an input,
// and each must be writable.
void check_file_outputs(const FileArgs& a, const BatchInputs& inputs, const std::vector<std::string>& copies) {
  check_output("--csv", a.csv, a.inputs);
  check_output("--json", a.json, a.inputs);
  if (a.out.empty()) return;
  if (!is_batch(a.inputs)) return check_output("--out", a.out, a.inputs);
  std::error_code ec;
  if (std::filesystem::exists(a.out, ec) && !std::filesystem::is_directory(a.out, ec))
    throw UsageError("--out " + a.out + " is a file; with several inputs or a folder, --out names a folder");
  refuse_output_over_inputs("--out", a.out, a.inputs);
  std::set<std::string> input_files;
  for (const std::string& f : inputs.files) input_files.insert(std::filesystem::weakly_canonical(f, ec).string());
  for (size_t i = 0; i < copies.size(); ++i)
    if (input_files.count(std::filesystem::weakly_canonical(copies[i], ec).string()))
      throw UsageError("--out: the annotated copy of " + inputs.files[i] + " would overwrite the input " + copies[i]);
  std::filesystem::create_directories(a.out, ec);
  if (ec) throw UsageError("--out: cannot create the folder " + a.out + ": " + ec.message());
  check_directory_writable(a.out);
  for (const std::string& copy : copies) std::filesystem::create_directories(std::filesystem::path(copy).parent_path(), ec);
}

// `video` and `image` after parsing: the files found, checked, analysed here
// or by workers, and reported. `make_analyse` builds the analysis of one file
// for the loaded model.
void run_file_command(MediaKind kind, const FileArgs& a, const FaceOptions& face,
                      const std::function<AnalyseItem(const FaceClassifierPtr&)>& make_analyse) {
  if (a.worker) {
    const auto classifier = std::make_shared<const FaceClassifier>(
        FaceClassifier::load(resolve_model_paths(face.model, models_dir())));
    throw ExitStatus{serve_batch_worker(make_analyse(classifier))};
  }
  const bool batch = is_batch(a.inputs);
  const BatchInputs inputs = collect_batch_inputs(a.inputs, kind);
  // One file fails at once, before the model loads.
  if (!batch && kind == MediaKind::Video) check_video_input(a.inputs.front());
  std::error_code missing;
  if (!batch && !std::filesystem::exists(a.inputs.front(), missing))
    throw DataError(a.inputs.front() + ": no such file");
  std::vector<std::string> copies = batch && !a.out.empty() ? annotated_copy_paths(inputs, a.out, kind)
                                                            : std::vector<std::string>(inputs.files.size(), a.out);
  check_file_outputs(a, inputs, copies);
  std::vector<std::pair<std::string, std::string>> outputs{{"--csv", a.csv}, {"--json", a.json}};
  if (!batch) outputs.emplace_back("--out", a.out);
  const auto classifier = load_classifier(face.model, a.inputs, outputs);
  check_layer(*classifier, face);

  std::vector<BatchItem> items;
  int64_t total = 0;
  for (size_t i = 0; i < inputs.files.size(); ++i) {
    items.push_back({inputs.files[i], copies[i]});
    total += kind == MediaKind::Video ? std::max<int64_t>(declared_frame_count(inputs.files[i]), 1) : 1;
  }
  BatchOptions options;
  options.jobs = a.jobs;
  options.csv_path = a.csv;
  options.worker_command = command_line();
  options.worker_command.front() = own_executable();
  options.worker_command.push_back("--batch-worker");
  ProgressBar bar(kind == MediaKind::Video ? "video" : "image", static_cast<size_t>(std::max<int64_t>(total, 1)),
                  kind == MediaKind::Video ? "frame" : "image");
  options.progress = [&bar](int64_t done) { bar.update(static_cast<size_t>(done)); };
  const BatchReport report = run_batch(items, make_analyse(classifier), options);
  if (report.interrupted)
    bar.stop(" (interrupted)");
  else
    bar.finish();

  if (batch) {
    std::printf("%s", batch_summary_text(report, inputs, kind).c_str());
  } else if (!report.outcomes.empty()) {
    const FileOutcome& only = report.outcomes.front();
    std::printf("%s", file_details_text(only, kind).c_str());
    for (const std::string& w : only.warnings) std::fprintf(stderr, "ferlab: warning: %s\n", w.c_str());
  }
  if (!a.json.empty()) write_text_atomically(a.json, json_text(batch_summary_json(report, inputs), 2) + "\n");
  // What was written: the copies of the files analysed, the CSV and JSON.
  size_t copies_written = 0;
  for (const FileOutcome& o : report.outcomes) copies_written += o.wrote_copy();
  if (!batch && copies_written) std::printf("wrote %s\n", a.out.c_str());
  if (batch && copies_written)
    std::printf("wrote %zu annotated %s to %s\n", copies_written, copies_written == 1 ? "copy" : "copies", a.out.c_str());
  for (const std::string& path : {a.csv, a.json})
    if (!path.empty()) std::printf("wrote %s\n", path.c_str());
  if (!batch && a.out.empty() && kind == MediaKind::Image && !report.failed())
    std::printf("nothing written (--out FILE.png saves the annotated image)\n");

  if (report.interrupted) throw ExitStatus{130};
  if (!batch && report.failed()) throw DataError(report.outcomes.front().error);
  if (report.failed() || !inputs.empty_folders.empty()) throw ExitStatus{1};
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
  auto video_files = std::make_shared<FileArgs>();
  auto video_face = std::make_shared<FaceOptions>();
  auto smoothing = std::make_shared<float>(TrackerOptions{}.smoothing_s);
  auto detect_every = std::make_shared<int>(kStreamDetectEvery);
  CLI::App* video = app.add_subcommand("video", "Label (and explain) every face of videos: files or folders of them");
  add_file_options(video, *video_files, MediaKind::Video);
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
  video->footer(
      "Examples:\n  ferlab video clip.mp4 --out clip-labelled.mp4 --csv faces.csv\n"
      "  ferlab video recordings/ more.mp4 --out labelled/ --csv faces.csv --json summary.json --jobs 2\n"
      "Several inputs or a folder make a batch: --out names a folder, the CSV gains each row's file, a file that "
      "fails is named and the others go on (exit status 1), Ctrl-C stops between frames and keeps the CSV of the "
      "files done (exit status 130).\n");
  const CLI::Option* threads = app.get_option("--threads");
  video->callback([=] {
    // Decoding and encoding run beside the analysis, and OpenCV's detector
    // keeps a pool of its own: one LibTorch thread for the faces measured
    // faster than a team of two (docs/BENCHMARKS.md). `ferlab --threads N` stands.
    if (threads->count() == 0) configure_runtime(1);
    AnalyzerOptions analyzer = analyzer_options(*video_face);
    analyzer.tracker.smoothing_s = *smoothing;
    analyzer.finder.detect_every = *detect_every;
    run_file_command(MediaKind::Video, *video_files, *video_face, [analyzer](const FaceClassifierPtr& classifier) {
      return [analyzer, classifier](const BatchItem& item, const ItemProgress& progress) {
        VideoAnalysisOptions options;
        options.analyzer = analyzer;
        options.output_video = item.output;
        VideoAnalysis analysis =
            analyze_video(item.input, classifier, options, [&](int64_t done, int64_t) { progress(done); });
        return video_outcome(analysis.summary, std::move(analysis.face_rows), item.output);
      };
    });
  });

  auto image_files = std::make_shared<FileArgs>();
  auto image_face = std::make_shared<FaceOptions>();
  CLI::App* image = app.add_subcommand("image", "Label (and explain) every face of photos: files or folders of them");
  add_file_options(image, *image_files, MediaKind::Image);
  add_face_options(image, *image_face);
  image->footer(
      "Examples:\n  ferlab image group.jpg --out group-labelled.png\n"
      "  ferlab image photos/ --out labelled/ --csv faces.csv --jobs 2\n"
      "Several inputs or a folder make a batch: --out names a folder, the CSV gains each row's file, a file that "
      "fails is named and the others go on (exit status 1), Ctrl-C stops between photos and keeps the CSV of the "
      "files done (exit status 130).\n");
  image->callback([=] {
    // With --jobs the workers share the cores: one LibTorch thread each, unless --threads says otherwise.
    if (threads->count() == 0 && (image_files->jobs > 1 || image_files->worker)) configure_runtime(1);
    const AnalyzerOptions analyzer = analyzer_options(*image_face);
    run_file_command(MediaKind::Image, *image_files, *image_face, [analyzer](const FaceClassifierPtr& classifier) {
      return [analyzer, classifier](const BatchItem& item, const ItemProgress&) {
        const FrameResult result = analyze_image(item.input, classifier, analyzer, AnnotateOptions{}, item.output);
        return image_outcome(item.input, result, item.output);
      };
    });
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
