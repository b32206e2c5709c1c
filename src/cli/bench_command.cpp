// `ferlab bench`: the models' latency and training throughput (or, with
// --pipeline, the live pipeline's stages; with --detectors, the face
// detectors' recall, false boxes and latency; with --explain, the explanation
// methods' cost per face) measured here and printed; with --out, also written
// into that Markdown file (docs/BENCHMARKS.md).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "cli/commands.hpp"
#include "cli/eval_data.hpp"
#include "core/errors.hpp"
#include "core/markdown_section.hpp"
#include "eval/model_paths.hpp"
#include "explain/explained_model.hpp"
#include "explain/method_benchmark.hpp"
#include "models/machine_info.hpp"
#include "train/benchmark.hpp"
#include "vision/cadence_benchmark.hpp"
#include "vision/detector_benchmark.hpp"

namespace ferlab::cli {
namespace {

std::string this_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (char& c : raw)
    if (c == '\0') c = ' ';
  while (!raw.empty() && raw.back() == ' ') raw.pop_back();
  return raw;
}

// ../shared/footage: the real clips and the group photo.
std::string footage_dir() {
  return (std::filesystem::path(FERLAB_SOURCE_DIR) / ".." / "shared" / "footage").lexically_normal().string();
}

constexpr const char* kDetectorBenchmarkHeading = "## Face detection: faces found and false boxes";

void run_detector_benchmark(float min_score, const std::string& markdown_path) {
  DetectorBenchmarkOptions options;
  options.fer2013_dir = default_fer2013_dir();
  const std::filesystem::path source(FERLAB_SOURCE_DIR);
  options.footage_dir = footage_dir();
  options.annotations = (source / "docs" / "footage_faces.json").string();
  options.detector.min_score = min_score;
  options.log = [](const std::string& line) { std::fprintf(stderr, "bench: %s\n", line.c_str()); };
  const MachineInfo machine = describe_machine();  // before the run: its load average says how busy the cores were
  const std::vector<DetectorBenchmarkRow> rows = benchmark_detectors(options);
  const std::string tables =
      detector_benchmark_markdown(rows, options, load_footage_annotations(options.annotations));
  std::printf("%s", tables.c_str());
  if (markdown_path.empty()) {
    std::printf("(printed only; --out docs/BENCHMARKS.md records it there)\n");
    return;
  }
  const std::string body =
      "Measured with `" + this_command_line() + "` on " + machine_summary(machine) +
      "; load average (1/5/15 min) at the start " + machine.load_average + ". Photos and clips: ../shared/footage, faces annotated by hand in " +
      "[footage_faces.json](footage_faces.json) (clips by the number of faces in view per frame, so a clip's " +
      "\"found\" is min(boxes, faces) and its false boxes are the boxes beyond that). Pasted: " +
      std::to_string(options.faces_per_size) + " FER-2013 test faces (happy, neutral, surprise, sad) per size, " +
      "one per 640x480 frame at a random place on a textured background; a box counts as the face at IoU >= " +
      std::to_string(kFaceMatchIou).substr(0, 3) + ". Latency: median detect() per frame. blazeface-back was the " +
      "default detector before the merged one.\n\n" + tables;
  replace_markdown_section(markdown_path, kDetectorBenchmarkHeading, std::string(kDetectorBenchmarkHeading) + "\n\n" + body);
  std::printf("written to %s\n", markdown_path.c_str());
}

constexpr const char* kCadenceBenchmarkHeading = "## Face detection on a cadence: faces kept, time saved";

void run_cadence_benchmark(const std::string& markdown_path) {
  CadenceBenchmarkOptions options;
  options.footage_dir = footage_dir();
  options.annotations = (std::filesystem::path(FERLAB_SOURCE_DIR) / "docs" / "footage_faces.json").string();
  options.detector = default_detector_options();
  options.log = [](const std::string& line) { std::fprintf(stderr, "bench: %s\n", line.c_str()); };
  const MachineInfo machine = describe_machine();
  const std::vector<CadenceBenchmarkRow> rows = benchmark_cadences(options);
  const std::string table = cadence_benchmark_markdown(rows, options, load_footage_annotations(options.annotations));
  std::printf("%s", table.c_str());
  if (markdown_path.empty()) {
    std::printf("(printed only; --out docs/BENCHMARKS.md records it there)\n");
    return;
  }
  const std::string body = "Measured with `" + this_command_line() + "` on " + machine_summary(machine) +
                           "; load average (1/5/15 min) at the start " + machine.load_average +
                           ". Every frame of the clips of ../shared/footage, in order.\n\n" + table;
  replace_markdown_section(markdown_path, kCadenceBenchmarkHeading, std::string(kCadenceBenchmarkHeading) + "\n\n" + body);
  std::printf("written to %s\n", markdown_path.c_str());
}

// The cnn and the resnet18 of the shipped models, each on the same batch of PublicTest faces.
void run_explain_benchmark(size_t faces, const std::string& out) {
  const FaceDataset data = load_eval_split(default_fer2013_dir(), Split::PublicTest, faces);
  MethodBenchmarkOptions options;
  std::vector<ModelMethodCosts> models;
  for (const char* name : {"cnn", "resnet18"}) {
    std::fprintf(stderr, "bench: explanation methods on %s, %zu faces\n", name, data.size());
    const FaceClassifier classifier = FaceClassifier::load(resolve_model_paths(name, models_dir()));
    models.push_back(benchmark_methods(single_model(classifier), data.image(0), data.size(), options));
  }
  const MachineInfo machine = describe_machine();
  const std::string header = "Measured with `" + this_command_line() + "` on " + machine_summary(machine) +
                             " (load average at the end: " + machine.load_average + ").";
  const std::string section = method_benchmark_markdown(models, data.size(), options.runs, header);
  std::printf("%s", section.c_str());
  if (out.empty()) {
    std::printf("(printed only; --out docs/BENCHMARKS.md records it there)\n");
    return;
  }
  replace_markdown_section(out, kMethodBenchmarkHeading, section);
  std::printf("written to %s\n", out.c_str());
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Measure inference latency and training throughput and print them (--out docs/BENCHMARKS.md: record them there)");
  auto models = std::make_shared<std::string>(models_dir());
  auto out = std::make_shared<std::string>();
  auto runs = std::make_shared<int>(200);
  auto pipeline = std::make_shared<bool>(false);
  cmd->add_option("--models", *models, "Models whose architecture options are measured (default: the shipped ones)")
      ->capture_default_str();
  cmd->add_option("--out", *out, "Also write the results into this Markdown file, replacing only their own section "
                                 "(e.g. docs/BENCHMARKS.md); default: print only");
  auto model_specs = std::make_shared<std::vector<std::string>>();
  cmd->add_option("--model", *model_specs,
                  "Measure these models instead, side by side: parameters, multiply-accumulates, batch-1 latency "
                  "(repeatable; a name, a .safetensors file or your TorchScript .pt: docs/YOUR_MODELS.md)");
  cmd->add_option("--runs", *runs, "Timed batch-1 inferences per model")->check(CLI::Range(10, 100000))->capture_default_str();
  cmd->add_flag("--pipeline", *pipeline, "Benchmark the live pipeline's stages instead");
  auto detectors = std::make_shared<bool>(false);
  auto min_score = std::make_shared<float>(DetectorOptions{}.min_score);
  cmd->add_flag("--detectors", *detectors,
                "Measure the face detectors instead: faces found and false boxes on ../shared/footage and on "
                "pasted FER-2013 faces, and latency");
  cmd->add_option("--min-score", *min_score, "With --detectors: the BlazeFace score threshold")
      ->check(CLI::Range(0.05, 1.0))
      ->capture_default_str();
  auto cadence = std::make_shared<bool>(false);
  cmd->add_flag("--cadence", *cadence,
                "Measure the detector on a cadence instead: faces kept and time per frame on ../shared/footage's "
                "clips when it runs every 1, 2, 3, 5 or 8 frames and optical flow carries the faces between");
  auto explain = std::make_shared<bool>(false);
  auto explain_faces = std::make_shared<size_t>(8);
  cmd->add_flag("--explain", *explain,
                "Benchmark every explanation method instead: ms per face on the cnn and the resnet18");
  cmd->add_option("--explain-faces", *explain_faces, "Faces per batch for --explain")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  cmd->callback([models, model_specs, out, runs, pipeline, detectors, min_score, cadence, explain, explain_faces] {
    if (*explain) return run_explain_benchmark(*explain_faces, *out);
    if (*cadence) return run_cadence_benchmark(*out);
    if (*detectors) {
      run_detector_benchmark(*min_score, *out);
      return;
    }
    if (*pipeline) {
      const int status = run_pipeline_benchmark(*out);
      if (status != 0) throw Error("the pipeline benchmark failed (status " + std::to_string(status) + ")");
      return;
    }
    BenchmarkOptions options;
    options.models_dir = *models;
    for (const std::string& spec : *model_specs)
      for (const std::string& path : resolve_model_paths(spec, models_dir())) options.model_files.push_back(path);
    options.runs = *runs;
    options.log = [](const std::string& line) { std::fprintf(stderr, "bench: %s\n", line.c_str()); };
    BenchmarkReport report = run_model_benchmark(options);
    report.command = this_command_line();
    std::printf("%s", format_benchmark_table(report).c_str());
    if (!options.model_files.empty()) {
      // Not the architectures' table of docs/BENCHMARKS.md, which --out replaces.
      std::printf("(%d timed runs per model in each of 5 alternating rounds; the median round shown)\n", options.runs);
      return;
    }
    if (out->empty()) {
      std::printf("(printed only; --out docs/BENCHMARKS.md records it there)\n");
      return;
    }
    replace_markdown_section(*out, kModelBenchmarkHeading, format_benchmark_section(report));
    std::printf("written to %s\n", out->c_str());
  });
}

}  // namespace ferlab::cli
