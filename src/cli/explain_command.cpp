// `ferlab explain`: heatmaps, faithfulness scores and sanity checks for any
// explanation method on any layer of one model. Argument parsing and
// printing only; the methods and metrics are in src/explain.
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/eval_data.hpp"
#include "cli/model_help.hpp"
#include "cli/explain_options.hpp"
#include "core/atomic_file.hpp"
#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/json_text.hpp"
#include "core/output_paths.hpp"
#include "core/progress_bar.hpp"
#include "data/face_image.hpp"
#include "eval/model_paths.hpp"
#include "explain/classifier_maps.hpp"
#include "explain/explained_model.hpp"
#include "explain/faithfulness.hpp"
#include "explain/grad_cam.hpp"
#include "explain/heatmap_overlay.hpp"
#include "explain/sanity_check.hpp"

namespace ferlab::cli {

namespace {

struct ExplainArgs {
  std::vector<std::string> faces;
  std::string model = "default";
  ExplainChoice choice;
  std::string out_dir;
  std::string json_path;
  std::string data;
  std::string split = "test";
  size_t max_samples = 200;
  bool list = false;
  bool sanity = false;
  uint32_t seed = 0;
  int steps = 20;
  int ig_steps = 32;
  std::string ig_baseline = "black";
  int smoothgrad_samples = 16;
  bool members = false;
};

// What every mode works from: the model or ensemble, its options and the methods to run.
struct ExplainSetup {
  FaceClassifier classifier;
  std::vector<std::string> layers;  // resolved, one per member ("-" when no method uses one): never empty
  std::vector<CamMethod> methods;
  ExplainOptions options;
  FaithfulnessOptions faithfulness;
};

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

std::string layers_text(const std::vector<std::string>& layers) {
  std::string text;
  for (const std::string& l : layers) text += (text.empty() ? "" : ", ") + l;
  return text;
}

ExplainSetup make_setup(const ExplainArgs& args) {
  ExplainSetup s{FaceClassifier::load(resolve_model_paths(args.model, models_dir())), {}, {}, {}, {}};
  s.methods = parse_cam_methods(args.choice.methods);
  // A network without layers (a TorchScript module, docs/YOUR_MODELS.md) still has the pixel methods.
  const bool any_layer = std::any_of(s.methods.begin(), s.methods.end(), uses_layer);
  s.layers = any_layer ? member_layers(s.classifier, args.choice.layer)
                       : std::vector<std::string>(s.classifier.size(), "-");
  s.options.layer = args.choice.layer;
  s.options.seed = args.seed;
  s.options.integrated_gradient_steps = args.ig_steps;
  s.options.smoothgrad_samples = args.smoothgrad_samples;
  s.options.path_baseline = args.ig_baseline == "mean" ? PathBaseline::Mean : PathBaseline::Black;
  s.faithfulness.steps = args.steps;
  s.faithfulness.seed = args.seed;
  return s;
}

void run_list(const ExplainArgs& args) {
  for (const MethodInfo& m : explain_methods())
    std::printf("%-22s %s\n", std::string(m.name).c_str(), std::string(m.summary).c_str());
  const FaceClassifier classifier = FaceClassifier::load(resolve_model_paths(args.model, models_dir()));
  for (size_t m = 0; m < classifier.size(); ++m) {
    const LoadedModel& model = member_model(classifier, m);
    std::printf("\nlayers of %s (default %s):\n", classifier.model_names()[m].c_str(),
                default_explainable_layer(model).c_str());
    for (const std::string& layer : explainable_layers(model)) std::printf("%s\n", layer.c_str());
  }
}

// What the JSON's "layer" says: the feature layer, or where a map that uses none comes from.
std::string explained_layer(const ExplainSetup& s, CamMethod method) {
  if (uses_layer(method)) return layers_text(s.layers);
  return method_info(method).kind == MethodKind::Pixel ? "input" : "none";
}

nlohmann::json probabilities_json(const Probabilities& p) {
  nlohmann::json out = nlohmann::json::object();
  for (int c = 0; c < kNumEmotions; ++c) out[std::string(emotion_name(c))] = p[static_cast<size_t>(c)];
  return out;
}

// 4x the 48x48 face, so that the PNGs can be looked at, each with what it
// shows written under it (`caption`) and the map with its colour bar. `tag`:
// the method, and the member for a member's map.
void write_pngs(const std::string& dir, const std::string& face_path, const std::string& tag, const uint8_t* face,
                const cv::Mat& heatmap, const std::vector<std::string>& caption) {
  constexpr int kScale = 4;
  const cv::Size size(kFaceSize * kScale, kFaceSize * kScale);
  cv::Mat large_map, gray, overlay;
  cv::resize(heatmap, large_map, size, 0, 0, cv::INTER_LINEAR);
  cv::resize(cv::Mat(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(face)), gray, size, 0, 0, cv::INTER_CUBIC);
  cv::cvtColor(gray, overlay, cv::COLOR_GRAY2BGR);
  blend_heatmap(overlay, large_map);
  const std::string stem = (std::filesystem::path(dir) / std::filesystem::path(face_path).stem()).string() + "." + tag;
  if (!cv::imwrite(stem + ".heatmap.png", with_caption(colorize_heatmap(large_map), caption, true)))
    throw Error("cannot write " + stem + ".heatmap.png");
  if (!cv::imwrite(stem + ".overlay.png", with_caption(overlay, caption, false)))
    throw Error("cannot write " + stem + ".overlay.png");
}

void run_faces(const ExplainArgs& args) {
  const ExplainSetup s = make_setup(args);
  const int target = target_class(args.choice.target);
  const std::vector<int> targets = target < 0 ? std::vector<int>{} : std::vector<int>{target};
  check_output("--json", args.json_path, model_files(resolve_model_paths(args.model, models_dir())));
  if (!args.out_dir.empty()) std::filesystem::create_directories(args.out_dir);
  const bool show_members = args.members && s.classifier.is_ensemble();
  nlohmann::json results = nlohmann::json::array();
  // The face column as wide as the longest path given, so that the columns hold.
  int face_width = 4;
  for (const std::string& path : args.faces) face_width = std::max(face_width, static_cast<int>(path.size()));
  std::printf("%-*s %-22s %-9s %6s %9s %9s %9s\n", face_width, "face", "method", "target", "p", "deletion", "insertion",
              "ms");
  for (const std::string& path : args.faces) {
    const FaceImage face = load_face_image(path);
    for (const CamMethod method : s.methods) {
      const std::string method_name(cam_method_name(method));
      const auto start = std::chrono::steady_clock::now();
      const ClassifierMaps maps = explain_classifier(s.classifier, face.data(), 1, method, targets, s.options);
      const double ms = milliseconds_since(start);
      const ClassActivationMap& map = maps.maps.front();
      const FaithfulnessCurves curves = faithfulness_curves(s.classifier, face.data(), {map}, s.faithfulness).front();
      const std::string target_name(emotion_name(map.target_class));
      std::printf("%-*s %-22s %-9s %6.3f %9.3f %9.3f %9.1f\n", face_width, path.c_str(), method_name.c_str(),
                  target_name.c_str(), map.probabilities[static_cast<size_t>(map.target_class)], curves.deletion_auc,
                  curves.insertion_auc, ms);
      const std::string p_text = fixed(map.probabilities[static_cast<size_t>(map.target_class)], 2);
      if (!args.out_dir.empty())
        write_pngs(args.out_dir, path, method_name, face.data(), map.heatmap,
                   {method_name + " on " + explained_layer(s, method), "explains " + target_name + " (p " + p_text + ")"});
      nlohmann::json result = {{"file", path},
                               {"model", s.classifier.description()},
                               {"method", method_name},
                               {"layer", explained_layer(s, method)},
                               {"target", target_name},
                               {"probabilities", probabilities_json(map.probabilities)},
                               {"deletion_auc", curves.deletion_auc},
                               {"insertion_auc", curves.insertion_auc},
                               {"milliseconds", ms}};
      if (show_members) {
        result["members"] = nlohmann::json::array();
        for (size_t m = 0; m < maps.members.size(); ++m) {
          const LoadedModel& model = member_model(s.classifier, m);
          const std::string member_name = s.classifier.model_names()[m];
          const ClassActivationMap& own = maps.members[m].front();
          const FaithfulnessCurves c = faithfulness_curves(model, face.data(), {own}, s.faithfulness).front();
          std::printf("  %-*s %-22s %-9s %6.3f %9.3f %9.3f  weight %.2f\n", face_width - 2, member_name.c_str(),
                      method_name.c_str(), target_name.c_str(), own.probabilities[static_cast<size_t>(own.target_class)],
                      c.deletion_auc, c.insertion_auc, maps.weights[m]);
          if (!args.out_dir.empty())
            write_pngs(args.out_dir, path, method_name + "." + member_name, face.data(), own.heatmap,
                       {member_name + ": " + method_name + " on " +
                            (uses_layer(method) ? s.layers[m] : explained_layer(s, method)),
                        "explains " + target_name + " (p " +
                            fixed(own.probabilities[static_cast<size_t>(own.target_class)], 2) + ")"});
          result["members"].push_back({{"model", member_name},
                                       {"weight", maps.weights[m]},
                                       {"layer", uses_layer(method) ? s.layers[m] : explained_layer(s, method)},
                                       {"probabilities", probabilities_json(own.probabilities)},
                                       {"deletion_auc", c.deletion_auc},
                                       {"insertion_auc", c.insertion_auc}});
        }
      }
      results.push_back(std::move(result));
    }
  }
  if (!args.json_path.empty()) write_text_atomically(args.json_path, json_text(results, 2) + "\n");
}

struct MethodScores {
  std::vector<double> deletion, insertion;
  double map_ms = 0;  // all faces together
};

void run_data(const ExplainArgs& args) {
  const ExplainSetup s = make_setup(args);
  const int target = target_class(args.choice.target);
  check_output("--json", args.json_path, model_files(resolve_model_paths(args.model, models_dir())));
  const FaceDataset faces = load_eval_split(args.data, parse_split(args.split), args.max_samples);
  constexpr size_t kBatch = 32;
  std::vector<MethodScores> scores(s.methods.size());
  ProgressBar bar("explain " + s.classifier.description(), faces.size() * s.methods.size(), "map");
  for (size_t m = 0; m < s.methods.size(); ++m) {
    for (size_t start = 0; start < faces.size(); start += kBatch) {
      const size_t n = std::min(kBatch, faces.size() - start);
      const std::vector<int> targets = target < 0 ? std::vector<int>{} : std::vector<int>(n, target);
      const auto t0 = std::chrono::steady_clock::now();
      const auto maps = explain_classifier(s.classifier, faces.image(start), n, s.methods[m], targets, s.options).maps;
      scores[m].map_ms += milliseconds_since(t0);
      for (const FaithfulnessCurves& c : faithfulness_curves(s.classifier, faces.image(start), maps, s.faithfulness)) {
        scores[m].deletion.push_back(c.deletion_auc);
        scores[m].insertion.push_back(c.insertion_auc);
      }
      bar.update(m * faces.size() + start + n);
    }
  }
  bar.finish();
  std::printf("model %s, layer %s, %zu faces of %s (%s), target %s, %d steps, blurred baseline (sigma %.0f px)\n\n",
              s.classifier.description().c_str(), layers_text(s.layers).c_str(), faces.size(), args.data.c_str(), args.split.c_str(),
              args.choice.target.c_str(), s.faithfulness.steps, s.faithfulness.blur_sigma);
  std::printf("| method | deletion AUC (lower is better) | insertion AUC (higher is better) | ms per face |\n");
  std::printf("|---|---:|---:|---:|\n");
  nlohmann::json report = {{"model", s.classifier.description()}, {"layer", layers_text(s.layers)}, {"data", args.data},
                           {"split", args.split},                  {"faces", faces.size()}, {"target", args.choice.target},
                           {"steps", s.faithfulness.steps},        {"methods", nlohmann::json::array()}};
  for (size_t m = 0; m < s.methods.size(); ++m) {
    const MeanInterval del = mean_with_ci95(scores[m].deletion), ins = mean_with_ci95(scores[m].insertion);
    const double ms = scores[m].map_ms / static_cast<double>(faces.size());
    const std::string name(cam_method_name(s.methods[m]));
    std::printf("| %s | %.3f ± %.3f | %.3f ± %.3f | %.2f |\n", name.c_str(), del.mean, del.half_width, ins.mean,
                ins.half_width, ms);
    report["methods"].push_back({{"method", name},
                                 {"deletion_auc", del.mean},
                                 {"deletion_auc_ci95", del.half_width},
                                 {"insertion_auc", ins.mean},
                                 {"insertion_auc_ci95", ins.half_width},
                                 {"milliseconds_per_face", ms}});
  }
  if (!args.json_path.empty()) write_text_atomically(args.json_path, json_text(report, 2) + "\n");
}

void run_sanity(const ExplainArgs& args) {
  const ExplainSetup s = make_setup(args);
  const LoadedModel& model = single_model(s.classifier);
  std::vector<uint8_t> pixels;
  size_t n = 0;
  if (!args.data.empty()) {
    const FaceDataset faces = load_eval_split(args.data, parse_split(args.split), args.max_samples);
    pixels = faces.pixels();
    n = faces.size();
  } else {
    for (const std::string& path : args.faces) {
      const FaceImage face = load_face_image(path);
      pixels.insert(pixels.end(), face.begin(), face.end());
      ++n;
    }
  }
  std::vector<SanityReport> reports;
  for (const CamMethod method : s.methods)
    reports.push_back(cascading_randomisation(model, pixels.data(), n, method, s.options, args.seed));
  std::printf("model %s, layer %s, %zu faces: Spearman rank correlation with the original maps (mean ± 95 %% CI)\n\n",
              s.classifier.description().c_str(), s.layers.front().c_str(), n);
  std::printf("| randomised down to |");
  for (const CamMethod method : s.methods) std::printf(" %s |", std::string(cam_method_name(method)).c_str());
  std::printf("\n|---|");
  for (size_t m = 0; m < s.methods.size(); ++m) std::printf("---:|");
  std::printf("\n| (none; input ±2 grey levels) |");
  for (const SanityReport& r : reports) std::printf(" %.3f ± %.3f |", r.perturbed.mean, r.perturbed.half_width);
  std::printf("\n");
  nlohmann::json out = {{"model", s.classifier.description()}, {"layer", s.layers.front()}, {"faces", n},
                        {"methods", nlohmann::json::array()}};
  for (size_t step = 0; step < reports.front().steps.size(); ++step) {
    std::printf("| %s |", reports.front().steps[step].module.c_str());
    for (const SanityReport& r : reports) std::printf(" %.3f ± %.3f |", r.steps[step].spearman.mean, r.steps[step].spearman.half_width);
    std::printf("\n");
  }
  for (size_t m = 0; m < s.methods.size(); ++m) {
    nlohmann::json steps = nlohmann::json::array();
    for (const RandomisationStep& st : reports[m].steps)
      steps.push_back({{"module", st.module}, {"spearman", st.spearman.mean}, {"ci95", st.spearman.half_width}});
    out["methods"].push_back({{"method", std::string(cam_method_name(s.methods[m]))},
                              {"perturbed_spearman", reports[m].perturbed.mean},
                              {"steps", steps}});
  }
  if (!args.json_path.empty()) write_text_atomically(args.json_path, json_text(out, 2) + "\n");
}

void run_explain(const ExplainArgs& args) {
  if (args.list) return run_list(args);
  if (args.faces.empty() && args.data.empty()) throw UsageError("explain: give FACE files, --data PATH or --list");
  if (!args.faces.empty() && !args.data.empty()) throw UsageError("explain: give either FACE files or --data, not both");
  if (args.ig_baseline != "black" && args.ig_baseline != "mean")
    throw UsageError("unknown --ig-baseline '" + args.ig_baseline + "' (expected black or mean)");
  if (args.sanity) return run_sanity(args);
  if (!args.data.empty()) return run_data(args);
  run_faces(args);
}

}  // namespace

void add_explain_command(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Explain a model's predictions: heatmaps by any method on any layer, their deletion and insertion "
                 "AUCs, a split's summary, or the cascading-randomisation sanity check (docs/EXPLAIN.md).");
  cmd->add_option("faces", args->faces, "Face crops to explain (any size, converted to 48x48 gray)")->type_name("FACE");
  cmd->add_option("--model,-m", args->model, kModelHelp)
      ->capture_default_str();
  add_explain_choice_options(cmd, args->choice, MethodCount::Many);
  cmd->add_option("--out", args->out_dir, "Folder for FACE.METHOD.heatmap.png and .overlay.png (192x192)")
      ->type_name("DIR");
  cmd->add_option("--json", args->json_path, "Write the results as JSON")->type_name("FILE");
  cmd->add_flag("--members", args->members,
                "For an ensemble, also each member's map for the same target: FACE.METHOD.MEMBER.*.png and a "
                "\"members\" list in the JSON (weight, layer, probabilities, AUCs)");
  cmd->add_flag("--list", args->list, "List the methods, then the model's explainable layers");
  cmd->add_option("--data", args->data, "Score every method over a split instead: folder root, CSV or pack")
      ->type_name("PATH");
  cmd->add_option("--split", args->split, "Split of --data: test, train or private")->capture_default_str();
  cmd->add_option("--max", args->max_samples, "At most this many faces of the split, evenly spread (0 = all)")
      ->capture_default_str();
  cmd->add_flag("--sanity", args->sanity, "Cascading randomisation of the layers from the top instead");
  cmd->add_option("--seed", args->seed, "Seed of the random baseline, SmoothGrad's noise and ties")->capture_default_str();
  cmd->add_option("--steps", args->steps, "Steps of the deletion and insertion curves")
      ->check(CLI::Range(1, 2304))
      ->capture_default_str();
  cmd->add_option("--ig-steps", args->ig_steps, "Integrated Gradients' steps")->check(CLI::Range(1, 1024))->capture_default_str();
  cmd->add_option("--ig-baseline", args->ig_baseline, "Integrated Gradients' baseline: black or mean (grey)")
      ->capture_default_str();
  cmd->add_option("--smoothgrad-samples", args->smoothgrad_samples, "SmoothGrad's noisy copies per face")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->footer(
      "Examples:\n"
      "  ferlab explain face.png --method gradcam,scorecam --layer block2 --out maps --json maps.json\n"
      "  ferlab explain --list --model resnet18\n"
      "  ferlab --threads 1 explain --data ../shared/fer2013 --split test --max 200 --method all\n"
      "  ferlab explain --sanity --data ../shared/fer2013 --max 50 --method gradcam,gradient,random\n");
  cmd->callback([args] { run_explain(*args); });
}

}  // namespace ferlab::cli
