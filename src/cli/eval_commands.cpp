// `ferlab eval` (score a model or ensemble on a dataset split, with
// calibration, FER+ labels, duplicate exclusion and model comparison) and
// `ferlab predict` (classify already-cropped face images).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/eval_data.hpp"
#include "cli/model_help.hpp"
#include "cli/eval_report.hpp"
#include "core/atomic_file.hpp"
#include "core/calibration.hpp"
#include "core/duplicate_faces.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/output_paths.hpp"
#include "core/progress_bar.hpp"
#include "data/face_image.hpp"
#include "eval/evaluator.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"
#include "plot/png_file.hpp"
#include "plot/reliability_diagram.hpp"

namespace ferlab::cli {

namespace {

CLI::IsMember tta_choices() { return CLI::IsMember({"none", "flip", "tencrop"}); }

FaceClassifier load_classifier(const std::vector<std::string>& specs) {
  const std::vector<std::string> paths = resolve_model_paths(specs, models_dir());
  return FaceClassifier::load(paths);
}

struct EvalArgs {
  std::vector<std::string> models;
  std::vector<std::string> compare;
  std::string data;
  std::string split = "test";
  std::string tta = "none";
  LabelChoice truth;
  std::string json_path;
  std::string csv_path;
  std::string reliability_path;
  size_t max_samples = 0;
  bool calibration = false;
  bool exclude_duplicates = false;
};

// Leaves out the faces of `scored` that have an exact or near duplicate in
// the data's training half, which has to be read for that. Records the counts in `report`.
FaceDataset without_train_duplicates(const FaceDataset& scored, const std::string& data, nlohmann::json& report) {
  const FaceDataset train = load_eval_split(data, Split::Train, 0);
  FaceDataset both = scored;
  for (size_t i = 0; i < train.size(); ++i) both.add(train.image(i), train.label(i), Split::Train, train.source(i));
  DuplicateOptions options;
  options.near = true;
  ProgressBar bar("duplicates", both.size(), "img");
  const auto groups = find_duplicate_faces(both, options, [&](size_t done, size_t) { bar.update(done); });
  bar.finish();
  const std::vector<bool> in_train = duplicated_in_split(both, groups, Split::Train);
  std::vector<size_t> kept;
  for (size_t i = 0; i < scored.size(); ++i)
    if (!in_train[i]) kept.push_back(i);
  std::printf("duplicates: left out %zu of %zu faces that have an exact or near duplicate among the %zu train faces\n",
              scored.size() - kept.size(), scored.size(), train.size());
  report["duplicates_excluded"] = {{"left_out", scored.size() - kept.size()},
                                   {"of", scored.size()},
                                   {"train_faces", train.size()},
                                   {"kinds", "exact and near"}};
  return scored.subset(kept);
}

EvalResult evaluate_with_bar(const FaceClassifier& classifier, const FaceDataset& dataset, Tta tta) {
  ProgressBar bar("eval " + classifier.description(), dataset.size(), "img");
  EvalResult result = evaluate(classifier, dataset, tta, [&](size_t done, size_t) {
    bar.update(done);
    return true;
  });
  bar.finish();
  return result;
}

void run_eval(const EvalArgs& args) {
  const Tta tta = parse_tta(args.tta);
  const Split split = parse_split(args.split);
  if (!args.compare.empty() && !args.models.empty())
    throw UsageError("give the models either with --model or with --compare, not both");
  check_label_choice(args.truth);
  // Models first: a typo in --model should not cost a dataset load.
  std::vector<std::vector<std::string>> model_paths;
  if (args.compare.empty()) model_paths.push_back(resolve_model_paths(args.models, models_dir()));
  for (const std::string& spec : args.compare) model_paths.push_back(resolve_model_paths({spec}, models_dir()));
  std::vector<std::string> inputs{args.data};
  for (const auto& paths : model_paths)
    for (const std::string& file : model_files(paths)) inputs.push_back(file);
  check_output("--json", args.json_path, inputs);
  check_output("--csv", args.csv_path, inputs);
  check_output("--reliability", args.reliability_path, inputs);

  nlohmann::json selection = nlohmann::json::object();  // what was left out and why, for --json
  FaceDataset dataset = load_eval_split(args.data, split, args.max_samples);
  if (args.exclude_duplicates) dataset = without_train_duplicates(dataset, args.data, selection);
  dataset = with_chosen_labels(dataset, args.truth, args.data, selection);

  std::vector<EvalResult> results;
  for (const std::vector<std::string>& paths : model_paths) {
    const FaceClassifier classifier = FaceClassifier::load(paths);
    std::printf("model:   %s\n", classifier.description().c_str());
    for (const std::string& path : paths) std::printf("         %s\n", path.c_str());
    std::printf("data:    %s, split %s, %zu faces, %s labels\n", args.data.c_str(),
                std::string(split_name(split)).c_str(), dataset.size(), args.truth.labels.c_str());
    std::printf("tta:     %s\n", std::string(tta_name(tta)).c_str());
    // A model trained on other classes (a TorchScript module's card) is scored on what it has.
    for (const ModelCard& card : classifier.cards())
      if (const std::string missing = card.missing_emotions(); !missing.empty())
        std::printf("classes: %s has no output for %s: faces labelled so count as its errors\n", card.name.c_str(),
                    missing.c_str());
    std::fflush(stdout);
    results.push_back(evaluate_with_bar(classifier, dataset, tta));
    const EvalResult& result = results.back();
    std::printf("\naccuracy  %.2f %% (%zu / %zu)\nmacro-F1  %.4f\n\n", 100 * result.accuracy(),
                result.confusion.correct(), result.confusion.total(), result.macro_f1());
    std::printf("%s", result.confusion.to_table().c_str());
  }

  std::vector<NamedCalibration> calibrations;
  if (args.calibration || !args.reliability_path.empty()) {
    // A single model is its own only member, and compared models can reappear as an ensemble's members: once each.
    for (const EvalResult& r : results)
      for (NamedCalibration& c : calibration_of(r))
        if (std::none_of(calibrations.begin(), calibrations.end(),
                         [&](const NamedCalibration& seen) { return seen.name == c.name; }))
          calibrations.push_back(std::move(c));
    print_calibration(calibrations);
  }
  if (!args.reliability_path.empty()) {
    save_png(args.reliability_path,
             render_reliability_diagram(calibrations, "Reliability, " + args.data + " split " +
                                                          std::string(split_name(split)) + ", " + args.truth.labels +
                                                          " labels, " + std::to_string(dataset.size()) + " faces"));
    std::printf("\nwrote %s\n", args.reliability_path.c_str());
  }
  if (results.size() > 1) print_comparison(results);

  if (!args.json_path.empty()) {
    const EvalReportInfo info{args.data, std::string(split_name(split)), true};
    nlohmann::json j = to_json(results.front(), dataset, info);
    j["labels"] = args.truth.labels;
    j.update(selection);
    if (!calibrations.empty()) j["calibration"] = calibration_json(calibrations);
    if (results.size() > 1) j["comparison"] = comparison_json(results);
    write_text_atomically(args.json_path, json_text(j, 2) + "\n");
    std::printf("\nwrote %s\n", args.json_path.c_str());
  }
  if (!args.csv_path.empty()) {
    write_text_atomically(args.csv_path, results.front().confusion.to_csv());
    std::printf("wrote %s\n", args.csv_path.c_str());
  }
}

void add_eval(CLI::App& app) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Evaluate a model or an ensemble on a dataset split: accuracy, macro-F1, per-class "
              "precision/recall/F1 and the confusion matrix (rows = true class, columns = predicted); "
              "optionally its calibration, against FER+ labels, without faces seen in training, or "
              "several models compared with confidence intervals and McNemar's test.");
  cmd->add_option("--model,-m", args->models, kModelsHelp)->type_name("SPEC");
  cmd->add_option("--data,-d", args->data, "Dataset: class-folder root (train/ test/), FER-2013 CSV or .ferpack file")
      ->required()
      ->type_name("PATH");
  cmd->add_option("--split", args->split, "Split to score: test (FER-2013 PublicTest), train or private")
      ->check(CLI::IsMember({"test", "train", "private"}))
      ->capture_default_str();
  cmd->add_option("--tta", args->tta, kTtaHelp)->check(tta_choices())->capture_default_str();
  cmd->add_flag("--calibration", args->calibration,
                "Also print each model's (and the ensemble's) expected and maximum calibration error over " +
                    std::to_string(kCalibrationBins) +
                    " equal-width confidence bins, negative log-likelihood and Brier score");
  cmd->add_option("--reliability", args->reliability_path,
                  "Draw the reliability diagram (accuracy per confidence bin, with the bins' counts) as PNG; "
                  "implies --calibration")
      ->type_name("FILE.png");
  add_label_options(*cmd, args->truth);
  cmd->add_flag("--exclude-duplicates", args->exclude_duplicates,
                "Leave out faces with an exact or near duplicate in the train half (reads it), and say how many");
  cmd->add_option("--compare", args->compare,
                  "Score two or more models (each a --model SPEC; join an ensemble's members with '+', e.g. "
                  "cnn+resnet18) on the same faces: accuracy and macro-F1 with seeded bootstrap 95 % intervals, "
                  "exact McNemar tests per pair, confusion differences")
      ->type_name("SPEC")
      ->expected(2, 16);
  cmd->add_option("--json", args->json_path,
                  "Write everything (metrics, matrix, per-sample predictions, calibration, comparison) as JSON")
      ->type_name("FILE");
  cmd->add_option("--csv", args->csv_path, "Write the confusion matrix as CSV")->type_name("FILE");
  cmd->add_option("--max", args->max_samples, "Score at most N faces, evenly spread over the split (0 = all)")
      ->type_name("N");
  cmd->footer(
      "Examples:\n"
      "  ferlab eval --data ../shared/fer2013 --model cnn\n"
      "  ferlab eval --data ../shared/fer2013 --model ensemble --tta flip --json eval.json --csv cm.csv\n"
      "  ferlab eval --data ../shared/fer2013 --model cnn --calibration --reliability reliability.png\n"
      "  ferlab eval --data ../shared/fer2013 --model cnn --labels ferplus --exclude-duplicates\n"
      "  ferlab eval --data ../shared/fer2013 --compare cnn resnet18 resemotenet\n"
      "  ferlab eval --data ../shared/fer2013 --compare ensemble cnn+resnet18+resemotenet\n"
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
    std::printf("%-*s  %-8s", w, names[i].c_str(), emotion_name(argmax(probs[i])));
    for (float p : probs[i]) std::printf(" %8.4f", p);
    std::printf("\n");
  }
}

// Face crops are about square (FER-2013's are 48x48, other sets' a few hundred
// pixels); a wide or large image is more likely a photo with faces somewhere in it.
bool looks_like_a_photo(const ImageSize& size) {
  const int longer = std::max(size.width, size.height), shorter = std::min(size.width, size.height);
  return longer > 640 || longer > 1.3 * shorter;
}

void run_predict(const PredictArgs& args) {
  const Tta tta = parse_tta(args.tta);
  const FaceClassifier classifier = load_classifier(args.models);

  std::vector<std::string> good_names;
  std::vector<uint8_t> faces;
  nlohmann::json failures = nlohmann::json::array();
  for (const std::string& path : args.images) {
    try {
      ImageSize size;
      const FaceImage face = load_face_image(path, &size);
      faces.insert(faces.end(), face.begin(), face.end());
      good_names.push_back(path);
      if (looks_like_a_photo(size))
        std::fprintf(stderr,
                     "ferlab: note: %s is %dx%d pixels and is classified as one face, stretched to 48x48; if it is a "
                     "photo rather than a face crop, `ferlab image %s` finds and classifies each face in it\n",
                     path.c_str(), size.width, size.height, path.c_str());
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
  cmd->add_option("--model,-m", args->models, kModelsHelp)->type_name("SPEC");
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
