#pragma once
// Workbench: the state that several panels share — the log, the loaded models,
// the data set, finished evaluations, and requests one panel makes of another
// (the evaluation's "show me these samples" to the browser). Each panel's own
// state lives beside its draw function in panels/.
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/dataset_source.hpp"
#include "app/event_log.hpp"
#include "app/model_shelf.hpp"
#include "app/widgets/plots.hpp"
#include "eval/evaluator.hpp"
#include "explain/grad_cam.hpp"
#include "explain/heatmap_colormap.hpp"

namespace ferlab::app {

// One model scored on one split of the current data set.
struct SplitEvaluation {
  std::string model;  // ShelfModel::name
  Split split = Split::PublicTest;
  int data_generation = 0;           // DatasetSource::generation() it was computed on
  std::vector<size_t> dataset_index;  // predictions[i] is the data set's sample dataset_index[i]
  EvalResult result;
};

// Ask the browser to show the samples of one confusion-matrix cell.
struct BrowseRequest {
  std::string model;
  Split split = Split::PublicTest;
  int true_class = -1;
  int predicted_class = -1;
};

// The one face that the comparison views look at: the live feed's selected
// track or the browser's selected sample, whichever was chosen last.
struct FocusFace {
  std::array<uint8_t, kFacePixels> pixels{};  // aligned 48x48 gray crop
  std::string origin;                         // "track 3", "dataset #1204"
  int serial = 0;                             // bumped on every change
};

// The probabilities of the live feed's selected track over time, raw and
// smoothed: the Probabilities panel draws it and the Export panel saves it.
struct ProbabilityHistory {
  int track_id = -1;
  std::deque<TimedProbabilities> raw;
  std::deque<TimedProbabilities> smoothed;
  double keep_seconds = 60;  // older samples are dropped

  void add(int track, double time, const Probabilities& raw_p, const Probabilities& smoothed_p);
  void clear() { raw.clear(), smoothed.clear(); }
};

// How heatmaps are computed and drawn outside the live frame: the Grad-CAM
// panel's controls set it, the model comparisons follow it.
struct HeatmapStyle {
  float opacity = kDefaultHeatmapOpacity;
  Colormap colormap = Colormap::Jet;
  CamMethod method = CamMethod::GradCam;
  // Each map scaled to its own maximum (false), or the maps on view on one
  // scale, the largest's (on_shared_scale): a weak map among strong ones looks weak.
  bool shared_scale = false;
};

struct Workbench {
  explicit Workbench(std::string models_dir) : models(std::move(models_dir)) {}

  EventLog log;
  ModelShelf models;
  DatasetSource data;
  std::vector<std::shared_ptr<const SplitEvaluation>> evaluations;  // newest per (model, split)
  int evaluation_generation = 0;  // bumped by add_evaluation
  std::optional<BrowseRequest> browse_request;
  bool evaluate_request = false;  // the browser's Evaluate (it has no predictions): the Evaluation panel runs
  std::optional<FocusFace> focus_face;
  ProbabilityHistory history;
  HeatmapStyle heatmap_style;
  std::optional<std::string> screenshot_request;  // saved by the main loop after the frame is drawn

  void set_focus_face(const uint8_t* pixels48, std::string origin);

  void add_evaluation(std::shared_ptr<const SplitEvaluation> evaluation);
  // Evaluations that belong to the data set loaded now.
  std::vector<std::shared_ptr<const SplitEvaluation>> current_evaluations() const;
};

}  // namespace ferlab::app
