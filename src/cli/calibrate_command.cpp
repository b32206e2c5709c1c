// `ferlab calibrate`: fits each model's temperature on a labelled split and
// writes it into the model's card, where the classifier picks it up.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/eval_data.hpp"
#include "cli/model_help.hpp"
#include "core/calibration.hpp"
#include "core/progress_bar.hpp"
#include "eval/face_classifier.hpp"
#include "eval/model_paths.hpp"
#include "eval/temperature_fit.hpp"
#include "models/model_io.hpp"

namespace ferlab::cli {
namespace {

struct CalibrateArgs {
  std::vector<std::string> models;
  std::string data;
  std::string split = "test";
  LabelChoice truth;
  size_t max_samples = 0;
  bool dry_run = false;
};

void run_calibrate(const CalibrateArgs& args) {
  const Split split = parse_split(args.split);
  check_label_choice(args.truth);
  const std::vector<std::string> paths = resolve_model_paths(args.models, models_dir());
  nlohmann::json relabelling;  // printed as it is done; the card records the label choice only
  const FaceDataset dataset =
      with_chosen_labels(load_eval_split(args.data, split, args.max_samples), args.truth, args.data, relabelling);
  std::printf("data: %s, split %s, %zu faces, %s labels\n\n", args.data.c_str(), std::string(split_name(split)).c_str(),
              dataset.size(), args.truth.labels.c_str());
  std::printf("%-24s %8s  %9s %9s  %8s %8s\n", "model", "T", "ECE % T=1", "ECE % T", "NLL T=1", "NLL T");
  for (const std::string& path : paths) {
    LoadedModel loaded = load_model(path);
    ModelCard card = loaded.card;
    const FaceClassifier classifier({std::move(loaded)});
    ProgressBar bar("logits " + card.name, dataset.size(), "img");
    const TemperatureFit fit = fit_member_temperature(classifier, 0, dataset, [&](size_t done, size_t) {
      bar.update(done);
      return true;
    });
    bar.finish();
    std::printf("%-24s %8.4f  %9.2f %9.2f  %8.4f %8.4f\n", card.name.c_str(), fit.temperature, 100 * fit.before.ece,
                100 * fit.after.ece, fit.before.nll, fit.after.nll);
    if (args.dry_run) continue;
    card.calibration =
        CardCalibration{fit.temperature, std::string(split_name(split)), fit.before.ece, fit.after.ece, args.truth.labels};
    save_model_card(path, card);
    std::printf("%-24s wrote the temperature into the card of %s\n", "", path.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto args = std::make_shared<CalibrateArgs>();
  char range[64];
  std::snprintf(range, sizeof range, "[%g, %g]", kMinTemperature, kMaxTemperature);
  CLI::App* cmd = app.add_subcommand(
      "calibrate",
      "Temperature scaling: for each model, find the one temperature T that minimises the negative "
      "log-likelihood of softmax(logits / T) on a labelled split (FER-2013's labels or the FER+ crowd's majority; golden-section search on ln T in " +
          std::string(range) +
          ", no TTA), print ECE and NLL before and after, and write {temperature, split, "
      "ece_before, ece_after, labels} into the model card as 'calibration' (the .json and the card embedded in "
      "the .safetensors, each replaced atomically). Every later predict, eval, live feed and workbench "
      "run divides that model's logits by T. T does not change any prediction's top class.");
  cmd->add_option("--model,-m", args->models, kModelsHelp)->type_name("SPEC")->required();
  cmd->add_option("--data,-d", args->data, "Dataset: class-folder root (train/ test/), FER-2013 CSV or .ferpack file")
      ->required()
      ->type_name("PATH");
  cmd->add_option("--split", args->split,
                  "Split to fit on: test (FER-2013 PublicTest, this project's validation half), train or private")
      ->check(CLI::IsMember({"test", "train", "private"}))
      ->capture_default_str();
  add_label_options(*cmd, args->truth);
  cmd->add_option("--max", args->max_samples, "Fit on at most N faces, evenly spread over the split (0 = all)")
      ->type_name("N");
  cmd->add_flag("--dry-run", args->dry_run, "Print the fitted temperatures without writing any card");
  cmd->footer(
      "A temperature fitted on a split and then scored on the same split flatters the calibration;\n"
      "fit on the validation half and report on held-out data where you can.\n"
      "Examples:\n"
      "  ferlab calibrate --model cnn --data ../shared/fer2013 --split test\n"
      "  ferlab calibrate --model cnn-ferplus --data ../shared/fer2013 --labels ferplus\n"
      "  ferlab calibrate --model /tmp/copy/cnn.safetensors --data ../shared/fer2013 --dry-run\n");
  cmd->callback([args] { run_calibrate(*args); });
}

}  // namespace ferlab::cli
