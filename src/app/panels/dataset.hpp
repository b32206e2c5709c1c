#pragma once
// Dataset browser: open a CSV, a class-folder tree or a packed file; the class
// distribution of each split; a paged grid of labelled thumbnails filtered by
// split, true class, predicted class, correctness, the FER+ crowd and data
// issues (duplicates, label conflicts among them, blank images); a large view
// of one face with its duplicates and every loaded model's probabilities and Grad-CAM.
#include <optional>
#include <string>
#include <vector>

#include "app/background_task.hpp"
#include "app/cam_images.hpp"
#include "app/face_explanation.hpp"
#include "app/face_filter.hpp"
#include "app/gl/gl_texture.hpp"
#include "app/panels/issue_filter.hpp"
#include "app/workbench.hpp"

namespace ferlab::app {

// Every loaded model's view of one face, computed off the UI thread.
struct SampleAnalysis {
  size_t sample = 0;
  int data_generation = 0;
  CamMethod method = CamMethod::GradCam;
  std::vector<FaceExplanation> models;
};

// The thumbnail grid as last drawn: where the page's k-th face is on screen.
struct GridLayout {
  ImVec2 origin{0, 0};
  float cell = 0, spacing = 0;
  int columns = 1;
  size_t per_page = 0;
  ImVec2 cell_center(size_t k) const;
};

struct DatasetPanel {
  std::string path_input;
  int failure_shown = 0;  // LoadFailure::serial last put into path_input
  FaceFilter filter;  // which faces are listed (face_filter.hpp)
  // `ferlab studio --browse` (the screenshots): select the first face listed, once there is one.
  bool select_first_listed = false;
  // Until the user picks (or clears) the predictions, the first evaluation's are shown.
  bool predictions_chosen = false;
  int evaluate_pressed_at = -1;  // Workbench::evaluation_generation when the browser's Evaluate was pressed
  int page = 0;

  // Derived, rebuilt when a filter or the data changes.
  bool filters_changed = true;
  int built_for_data = -1;
  int built_for_evaluations = -1;
  const DuplicateScan* built_for_duplicates = nullptr;
  std::vector<size_t> shown;                // data set indices passing the filters
  std::vector<int> shown_predicted;         // per shown sample, -1 when unknown
  // The faces passing every filter but the crowd's, split by what the crowd
  // says of their label: a confusion-matrix cell opened here reads as "crowd
  // agrees / disagrees".
  size_t crowd_agrees = 0, crowd_disagrees_count = 0, crowd_silent = 0;
  GlTexture atlas;                          // the current page's thumbnails in one texture
  std::vector<size_t> atlas_samples;
  int atlas_columns = 0;
  GridLayout grid;

  std::optional<size_t> selected;
  GlTexture selected_texture;
  // The selected face's duplicates (DuplicateIndex::copies_of), their thumbnails in one row.
  std::vector<DuplicateCopy> copies;
  GlTexture copies_atlas;
  const DuplicateScan* copies_from = nullptr;
  size_t copies_of = 0;
  BackgroundTask<SampleAnalysis> analysis;
  std::optional<SampleAnalysis> analysed;
  std::vector<CamImages> cams;  // per analysed model
  LazyOverlayRenderer renderer;
};

void draw_dataset_panel(DatasetPanel& panel, Workbench& bench);

}  // namespace ferlab::app
