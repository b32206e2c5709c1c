// `ferlab eval` (score a model or ensemble on a dataset split) and `ferlab
// predict` (classify already-cropped face images).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/output_paths.hpp"
#include "core/progress_bar.hpp"
#include "data/dataset_io.hpp"
#include "data/face_image.hpp"
#include "eval/evaluator.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"

namespace ferlab::cli {

namespace {

const char* const kModelHelp =
    "Model to use: cnn, resemotenet, resnet18 (looked up in the models folder), "
    "'ensemble' (all of those present), 'default' (models/default.txt), or a path to "
    "NAME.safetensors, NAME.json or their stem. Repeat for an ensemble (softmax averaged).";
const char* const kTtaHelp =
    "Test-time augmentation: none, flip (average with the mirror image, 2x cost) or "
    "tencrop (4 corner + center 44x44 crops and their mirrors, 10x cost)";

CLI::IsMember tta_choices() { return CLI::IsMember({"none", "flip", "tencrop"}); }

Tta parse_tta(const std::string& name) {
  if (auto tta = tta_from_name(name)) return *tta;
  throw UsageError("unknown --tta '" + name + "' (expected none, flip or tencrop)");
}

FaceClassifier load_classifier(const std::vector<std::string>& specs) {
  const std::vector<std::string> paths = resolve_model_paths(specs, models_dir());
  return FaceClassifier::load(paths);
}

// Evenly spaced rather than the first N: folder datasets are sorted by class,
// so a prefix would hold one emotion only.
FaceDataset spread_subset(const FaceDataset& dataset, size_t max_samples) {
  if (max_samples == 0 || max_samples >= dataset.size()) return dataset;
  std::vector<size_t> indices(max_samples);
  for (size_t k = 0; k < max_samples; ++k) indices[k] = k * dataset.size() / max_samples;
  return dataset.subset(indices);
}

std::string split_counts(const FaceDataset& dataset) {
  std::string out;
  for (int s = 0; s < kNumSplits; ++s) {
    const auto split = static_cast<Split>(s);
    out += (s ? ", " : "") + std::to_string(dataset.count(split)) + " " + std::string(split_name(split));
  }
  return out;
}

// A class-folder root holds every split; decoding only the one asked for saves
// reading the 28,709 training images to score the 3,589 test ones.
FaceDataset load_split_source(const std::string& path, Split split, LoadReport& report) {
  const std::filesystem::path split_dir = std::filesystem::path(path) / std::string(split_name(split));
  if (std::filesystem::is_directory(split_dir)) return load_folders(split_dir.string(), {}, &report, split);
  return load_dataset(path, {}, &report);
}

struct EvalArgs {
  std::vector<std::string> models;
  std::string data;
  std::string split = "test";
  std::string tta = "none";
  std::string json_path;
  std::string csv_path;
  size_t max_samples = 0;
};

void run_eval(const EvalArgs& args) {
  const Tta tta = parse_tta(args.tta);
  const auto split = split_from_name(args.split);
  if (!split) throw UsageError("unknown --split '" + args.split + "' (expected test, train or private)");
  if (!std::filesystem::exists(args.data)) throw DataError("data path " + args.data + " does not exist");
  // Models first: a typo in --model should not cost a dataset load.
  const std::vector<std::string> model_paths = resolve_model_paths(args.models, models_dir());
  std::vector<std::string> inputs = model_files(model_paths);
  inputs.push_back(args.data);
  check_output("--json", args.json_path, inputs);
  check_output("--csv", args.csv_path, inputs);

  LoadReport report;
  const FaceDataset all = load_split_source(args.data, *split, report);
  if (report.skipped > 0)
    std::fprintf(stderr, "warning: skipped %zu bad item(s) in %s, first: %s\n", report.skipped, args.data.c_str(),
                 report.problems.front().c_str());
  const FaceDataset dataset = spread_subset(all.subset(*split), args.max_samples);
  if (dataset.empty())
    throw DataError("split '" + std::string(split_name(*split)) + "' of " + args.data + " is empty (it has " +
                    split_counts(all) + ")");

  const FaceClassifier classifier = FaceClassifier::load(model_paths);
  std::printf("model:   %s\n", classifier.description().c_str());
  for (const std::string& path : model_paths) std::printf("         %s\n", path.c_str());
  std::printf("data:    %s, split %s, %zu faces\n", args.data.c_str(), std::string(split_name(*split)).c_str(),
              dataset.size());
  std::printf("tta:     %s\n", std::string(tta_name(tta)).c_str());
  std::fflush(stdout);

  ProgressBar bar("eval", dataset.size(), "img");
  const EvalResult result = evaluate(classifier, dataset, tta, [&](size_t done, size_t) {
    bar.update(done);
    return true;
  });
  bar.finish();

  std::printf("\naccuracy  %.2f %% (%zu / %zu)\nmacro-F1  %.4f\n\n", 100 * result.accuracy(),
              result.confusion.correct(), result.confusion.total(), result.macro_f1());
  std::printf("%s", result.confusion.to_table().c_str());

  if (!args.json_path.empty()) {
    const EvalReportInfo info{args.data, std::string(split_name(*split)), true};
    write_text_atomically(args.json_path, json_text(to_json(result, dataset, info), 2) + "\n");
    std::printf("\nwrote %s\n", args.json_path.c_str());
  }
  if (!args.csv_path.empty()) {
    write_text_atomically(args.csv_path, result.confusion.to_csv());
    std::printf("wrote %s\n", args.csv_path.c_str());
  }
}

void add_eval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate a model or an ensemble on a dataset split: accuracy, macro-F1, per-class "
              "precision/recall/F1 and the confusion matrix (rows = true class, columns = predicted).");
  cmd->add_option("--model,-m", args->models, kModelHelp)->type_name("SPEC");
  cmd->add_option("--data,-d", args->data, "Dataset: class-folder root (train/ test/), FER-2013 CSV or .ferpack file")
      ->required()
      ->type_name("PATH");
  cmd->add_option("--split", args->split, "Split to score: test (FER-2013 PublicTest), train or private")
      ->check(CLI::IsMember({"test", "train", "private"}))
      ->capture_default_str();
  cmd->add_option("--tta", args->tta, kTtaHelp)->check(tta_choices())->capture_default_str();
  cmd->add_option("--json", args->json_path, "Write everything (metrics, matrix, per-sample predictions) as JSON")
      ->type_name("FILE");
  cmd->add_option("--csv", args->csv_path, "Write the confusion matrix as CSV")->type_name("FILE");
  cmd->add_option("--max", args->max_samples, "Score at most N faces, evenly spread over the split (0 = all)")
      ->type_name("N");
  cmd->footer(
      "Examples:\n"
      "  ferlab eval --data ../shared/fer2013 --model cnn\n"
      "  ferlab eval --data ../shared/fer2013 --model ensemble --tta flip --json eval.json --csv cm.csv\n"
      "  ferlab eval --data fer2013.csv --split private --model models/resnet18.safetensors\n");
  cmd->callback([args] { run_eval(*args); });
}

struct PredictArgs {
  std::vector<std::string> images;
  std::vector<std::string> models;
  std::string tta = "none";
  bool json = false;
};

void print_prediction_table(const std::vector<std::string>& names, const std::vector<Probabilities>& probs) {
  size_t width = 5;  // "image"
  for (const std::string& n : names) width = std::max(width, n.size());
  const int w = static_cast<int>(width);
  std::printf("%-*s  %-8s", w, "image", "top");
  for (std::string_view e : emotion_names()) std::printf(" %8s", std::string(e).c_str());
  std::printf("\n");
  for (size_t i = 0; i < names.size(); ++i) {
    std::printf("%-*s  %-8s", w, names[i].c_str(), std::string(emotion_name(argmax(probs[i]))).c_str());
    for (float p : probs[i]) std::printf(" %8.4f", p);
    std::printf("\n");
  }
}

void run_predict(const PredictArgs& args) {
  const Tta tta = parse_tta(args.tta);
  const FaceClassifier classifier = load_classifier(args.models);

  std::vector<std::string> good_names;
  std::vector<uint8_t> faces;
  nlohmann::json failures = nlohmann::json::array();
  for (const std::string& path : args.images) {
    try {
      const FaceImage face = load_face_image(path);
      faces.insert(faces.end(), face.begin(), face.end());
      good_names.push_back(path);
    } catch (const DataError& e) {
      // One bad file must not hide the results for the others.
      std::fprintf(stderr, "ferlab: error: %s\n", e.what());
      failures.push_back({{"image", path}, {"error", e.what()}});
    }
  }
  const std::vector<Probabilities> probs = classifier.predict(faces.data(), good_names.size(), tta);

  if (args.json) {
    nlohmann::json out;
    out["model"] = classifier.description();
    out["tta"] = std::string(tta_name(tta));
    out["predictions"] = nlohmann::json::array();
    for (size_t i = 0; i < good_names.size(); ++i) {
      nlohmann::json p = nlohmann::json::object();
      for (int c = 0; c < kNumEmotions; ++c) p[std::string(emotion_name(c))] = probs[i][static_cast<size_t>(c)];
      out["predictions"].push_back(
          {{"image", good_names[i]}, {"predicted", std::string(emotion_name(argmax(probs[i])))}, {"probabilities", p}});
    }
    out["errors"] = failures;
    std::printf("%s\n", json_text(out, 2).c_str());
  } else {
    std::printf("model: %s, tta: %s\n", classifier.description().c_str(), std::string(tta_name(tta)).c_str());
    if (!good_names.empty()) print_prediction_table(good_names, probs);
  }
  std::fflush(stdout);
  if (!failures.empty())
    throw DataError(std::to_string(failures.size()) + " of " + std::to_string(args.images.size()) +
                    " image(s) could not be read");
}

void add_predict(CLI::App& app) {
  auto args = std::make_shared<PredictArgs>();
  CLI::App* cmd = app.add_subcommand(
      "predict", "Classify already-cropped face images (any size or colour; converted to 48x48 gray) "
                 "and print the top emotion and all seven probabilities.");
  cmd->add_option("images", args->images, "Face image files")->required()->type_name("IMAGE");
  cmd->add_option("--model,-m", args->models, kModelHelp)->type_name("SPEC");
  cmd->add_option("--tta", args->tta, kTtaHelp)->check(tta_choices())->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON instead of a table");
  cmd->footer(
      "Unreadable files are reported and skipped; the exit status is 1 if any failed.\n"
      "Example:\n"
      "  ferlab predict face1.png face2.jpg --model ensemble --tta flip\n");
  cmd->callback([args] { run_predict(*args); });
}

}  // namespace

void add_eval_commands(CLI::App& app) {
  add_eval(app);
  add_predict(app);
}

}  // namespace ferlab::cli
