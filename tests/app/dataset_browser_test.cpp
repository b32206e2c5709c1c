// The dataset browser on a data set with planted problems, driven through real
// ImGui frames under Xvfb: a clicked face shows its planted duplicate, the
// label-conflict filter lists exactly the planted conflicting pair, and the
// planted black image is flagged and found by the blank-image filter.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>
#include <tuple>
#include <vector>

#include "app/face_filter.hpp"
#include "app/panel_layout.hpp"
#include "app/panels/dataset.hpp"
#include "app/panels/evaluation.hpp"
#include "app/text_clipping.hpp"
#include "core/atomic_file.hpp"
#include "studio_fixture.hpp"
#include "ui_harness.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;

#define FERLAB_REQUIRE_UI(ui)                                                  \
  do {                                                                         \
    if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";   \
    ASSERT_TRUE((ui).ok()) << "no OpenGL 3.3 context";                         \
  } while (0)

using Face = std::vector<uint8_t>;

// Smooth, unlike one another: different frequencies per seed.
Face smooth_face(int seed) {
  Face face(kFacePixels);
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x)
      face[static_cast<size_t>(y * kFaceSize + x)] = static_cast<uint8_t>(
          128 + 100 * std::sin(0.07 * (seed + 1) * x + seed) * std::cos(0.05 * (seed + 2) * y + 2 * seed));
  return face;
}

// Rows 0-9: distinct training faces, label = row % 7; 10: an exact copy of 2 in
// the test split with its label; 11: an exact copy of 5 in training labelled
// otherwise; 12: an all-black test face; 13-15: distinct test faces.
constexpr size_t kCopyOf2 = 10, kRelabelledCopyOf5 = 11, kBlack = 12;

void write_planted_csv(const std::string& path) {
  std::ostringstream csv;
  csv << "emotion,pixels,Usage\n";
  const auto row = [&](int label, const Face& face, const char* usage) {
    csv << label << ',';
    for (size_t p = 0; p < face.size(); ++p) csv << (p ? " " : "") << static_cast<int>(face[p]);
    csv << ',' << usage << '\n';
  };
  for (int i = 0; i < 10; ++i) row(i % 7, smooth_face(i), "Training");
  row(2, smooth_face(2), "PublicTest");
  row((5 + 1) % 7, smooth_face(5), "Training");
  row(3, Face(kFacePixels, 0), "PublicTest");
  for (int i = 20; i < 23; ++i) row(i % 7, smooth_face(i), "PublicTest");
  write_text_atomically(path, csv.str());
}

// Loads the planted data set and waits for the background duplicate search.
void load_planted(Workbench& bench, const TempDir& dir) {
  write_planted_csv(dir.path("planted.csv"));
  bench.data.request_load(dir.path("planted.csv"));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.data.duplicates() != nullptr; }, 60s))
      << "the duplicate search did not finish";
  ASSERT_EQ(bench.data.dataset()->size(), 16u);
}

size_t position_on_page(const DatasetPanel& panel, size_t sample) {
  return static_cast<size_t>(std::find(panel.shown.begin(), panel.shown.end(), sample) - panel.shown.begin());
}

// The browser's filters without a window (face_filter.hpp): by split, label,
// data issue, and an evaluation's predictions, right or wrong.
TEST(FaceFilter, ListsTheFacesEachFilterKeepsWithoutAWindow) {
  TempDir dir("face-filter");
  Workbench bench("");
  load_planted(bench, dir);
  if (::testing::Test::HasFatalFailure()) return;
  const auto faces = [&](const FaceFilter& filter) { return list_faces(filter, bench).faces; };
  FaceFilter by_label;
  by_label.true_class = 2;
  EXPECT_EQ(faces(by_label), (std::vector<size_t>{2, 9, kCopyOf2}));
  FaceFilter by_split;
  by_split.split = Split::PublicTest;
  EXPECT_EQ(faces(by_split), (std::vector<size_t>{kCopyOf2, kBlack, 13, 14, 15}));
  FaceFilter by_issue;
  by_issue.issue = kLabelConflicts;
  EXPECT_EQ(faces(by_issue), (std::vector<size_t>{5, kRelabelledCopyOf5}));
  by_issue.issue = kHasDuplicate;
  EXPECT_EQ(faces(by_issue), (std::vector<size_t>{2, 5, kCopyOf2, kRelabelledCopyOf5}));
  by_issue.issue = kBlankImages;
  EXPECT_EQ(faces(by_issue), (std::vector<size_t>{kBlack}));

  // An evaluation of the test split: right on 10, 13 and 15, wrong on 12 and 14.
  auto evaluation = std::make_shared<SplitEvaluation>();
  evaluation->model = "m";
  evaluation->split = Split::PublicTest;
  evaluation->data_generation = bench.data.generation();
  evaluation->dataset_index = {kCopyOf2, kBlack, 13, 14, 15};
  const int predicted[] = {2, 0, 6, 4, 1};
  for (size_t k = 0; k < 5; ++k) {
    SamplePrediction p;
    p.index = k;
    p.predicted = predicted[k];
    p.true_label = bench.data.dataset()->label(evaluation->dataset_index[k]);
    evaluation->result.predictions.push_back(p);
  }
  bench.add_evaluation(evaluation);
  FaceFilter by_prediction;
  by_prediction.predictions_from = "m";
  by_prediction.correctness = Correctness::Wrong;
  const ListedFaces wrong = list_faces(by_prediction, bench);
  EXPECT_EQ(wrong.faces, (std::vector<size_t>{kBlack, 14}));
  EXPECT_EQ(wrong.predicted, (std::vector<int>{0, 4}));
  by_prediction.correctness = Correctness::Correct;
  EXPECT_EQ(faces(by_prediction), (std::vector<size_t>{kCopyOf2, 13, 15}));
  by_prediction.correctness = Correctness::Any;
  by_prediction.predicted_class = 1;
  EXPECT_EQ(faces(by_prediction), (std::vector<size_t>{15}));
  // Without predictions chosen, every face is listed, unevaluated ones as -1.
  const ListedFaces all = list_faces(FaceFilter{}, bench);
  EXPECT_EQ(all.faces.size(), 16u);
  EXPECT_EQ(all.predicted[0], -1);
}

TEST(DatasetBrowser, ClickedFaceShowsItsPlantedDuplicateAndAClickOnTheCopySelectsIt) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("browser-duplicates");
  Workbench bench("");
  load_planted(bench, dir);
  if (::testing::Test::HasFatalFailure()) return;
  DatasetPanel panel;
  const auto draw = [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); };
  ui.frame(ImVec2(-1, -1), false, draw);  // lays the grid out
  ASSERT_EQ(panel.shown.size(), 16u);
  ui.click(panel.grid.cell_center(position_on_page(panel, 2)), draw);
  ASSERT_EQ(panel.selected, std::optional<size_t>(2));
  ASSERT_EQ(panel.copies.size(), 1u) << "the face's copy is listed with it";
  EXPECT_EQ(panel.copies[0].face, kCopyOf2);
  EXPECT_EQ(panel.copies[0].kind, DuplicateKind::Exact);

  // A face without a copy lists none.
  ui.click(panel.grid.cell_center(position_on_page(panel, 0)), draw);
  ASSERT_EQ(panel.selected, std::optional<size_t>(0));
  EXPECT_TRUE(panel.copies.empty());
}

TEST(DatasetBrowser, LabelConflictFilterListsExactlyThePlantedConflictingPair) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("browser-conflicts");
  Workbench bench("");
  load_planted(bench, dir);
  if (::testing::Test::HasFatalFailure()) return;
  DatasetPanel panel;
  panel.filter.issue = kLabelConflicts;
  ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); });
  EXPECT_EQ(panel.shown, (std::vector<size_t>{5, kRelabelledCopyOf5}));
  // The same-label pair is a duplicate, not a conflict.
  panel.filter.issue = kHasDuplicate;
  panel.filters_changed = true;
  ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); });
  EXPECT_EQ(panel.shown, (std::vector<size_t>{2, 5, kCopyOf2, kRelabelledCopyOf5}));
}

TEST(DatasetBrowser, PlantedBlackImageIsFlaggedAndIsAllTheBlankFilterShows) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("browser-blank");
  Workbench bench("");
  load_planted(bench, dir);
  if (::testing::Test::HasFatalFailure()) return;
  EXPECT_EQ(bench.data.blank_count(), 1u);
  EXPECT_TRUE(bench.data.is_blank(kBlack));
  DatasetPanel panel;
  panel.filter.issue = kBlankImages;
  ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); });
  EXPECT_EQ(panel.shown, (std::vector<size_t>{kBlack}));
}

// The panel sizes the studio gives the browser (arrange_panels, less a tab
// bar) at 1024x700, at 1600x1000 at UI scales 1 and 2 and at 2880x1800 at
// scale 2: a dozen faces a page or more, the pager on it, and no text cut at
// an edge, with a face and its duplicates selected.
TEST(DatasetBrowser, PanelsAtEveryWindowSizeShowADozenFacesAndCutNoText) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("browser-layout");
  Workbench bench("");
  load_planted(bench, dir);
  if (::testing::Test::HasFatalFailure()) return;
  struct Size {
    ImVec2 panel;
    float font_scale;
  };
  std::vector<Size> sizes;
  for (const auto& [width, height, scale] : {std::tuple{1024.f, 700.f, 1.f}, std::tuple{1600.f, 1000.f, 1.f},
                                             std::tuple{1600.f, 1000.f, 2.f}, std::tuple{2880.f, 1800.f, 2.f}}) {
    const float menu = 21 * scale;
    const PanelRect area{0, menu, width, height - menu};
    std::array<bool, kNumPanels> visible{};
    visible.fill(true);
    visible[kLog] = false;  // as the studio opens
    const bool compact = use_compact_layout(area.width, area.height, 15 * scale);
    for (const PanelSlot& slot : arrange_panels(visible, area, compact))
      if (std::find(slot.panels.begin(), slot.panels.end(), kDataset) != slot.panels.end())
        sizes.push_back({ImVec2(slot.rect.width, slot.rect.height - (slot.panels.size() > 1 ? 2 * menu : 0)), scale});
  }
  ASSERT_EQ(sizes.size(), 4u);
  for (const Size& size : sizes) {
    ImGui::GetIO().FontGlobalScale = size.font_scale;
    DatasetPanel panel;
    const auto draw = [&] {
      ImGui::SetNextWindowPos(ImVec2(0, 0));
      ImGui::SetNextWindowSize(size.panel);
      as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); });
    };
    ui.frame(ImVec2(-1, -1), false, draw);
    ui.click(panel.grid.cell_center(position_on_page(panel, 2)), draw);  // a face with a copy
    ASSERT_EQ(panel.copies.size(), 1u);
    // Two frames: the detail column widens on selection, and a panel's content size lags a frame.
    for (int i = 0; i < 2; ++i) ui.frame(ImVec2(-1, -1), false, draw);
    ImGui::Render();
    EXPECT_GE(panel.grid.per_page, 12u) << "at " << size.panel.x << "x" << size.panel.y;
    std::string cut;
    for (const ClippedText& c : clipped_text(*ImGui::GetDrawData())) cut += "[" + c.window + ": " + c.text + "] ";
    EXPECT_TRUE(cut.empty()) << "at " << size.panel.x << "x" << size.panel.y << ": " << cut;
  }
}

// Without an evaluation the thumbnails carry labels only; once one arrives its
// predictions label them, unasked, and the user's "no predictions" is kept.
TEST(DatasetBrowser, AnArrivingEvaluationsPredictionsLabelTheThumbnails) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("browser-predictions");
  Workbench bench("");
  write_tiny_csv(dir.path("faces.csv"), 2, 3);
  bench.data.request_load(dir.path("faces.csv"));
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-labels"));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.data.dataset() && !bench.models.models().empty(); }, 60s));
  DatasetPanel panel;
  const auto draw = [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); };
  ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_TRUE(panel.filter.predictions_from.empty());
  EXPECT_TRUE(std::all_of(panel.shown_predicted.begin(), panel.shown_predicted.end(), [](int p) { return p < 0; }));

  const auto& data = *bench.data.dataset();
  const auto evaluation =
      evaluate_split(bench.models.models().front(), data, Split::PublicTest, Tta::None, bench.data.generation());
  bench.add_evaluation(evaluation);
  ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_EQ(panel.filter.predictions_from, "cnn-labels");
  ASSERT_EQ(panel.shown.size(), data.size());
  for (size_t k = 0; k < panel.shown.size(); ++k)
    EXPECT_EQ(panel.shown_predicted[k] >= 0, data.split(panel.shown[k]) == Split::PublicTest) << "face " << panel.shown[k];

  DatasetPanel declined;
  declined.predictions_chosen = true;  // the user picked "no predictions"
  ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Dataset", [&] { draw_dataset_panel(declined, bench); }); });
  EXPECT_TRUE(declined.filter.predictions_from.empty());
}

// The browser's Evaluate (offered while it has no predictions) asks the
// Evaluation panel to run; the run's predictions then label the thumbnails.
TEST(DatasetBrowser, EvaluateRequestRunsTheEvaluationWhosePredictionsTheBrowserThenShows) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("browser-evaluate");
  Workbench bench("");
  write_tiny_csv(dir.path("faces.csv"), 1, 2);
  bench.data.request_load(dir.path("faces.csv"));
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-request"));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.data.dataset() && !bench.models.models().empty(); }, 60s));
  DatasetPanel browser;
  EvaluationPanel evaluation;
  const auto draw = [&] {
    as_panel("Dataset", [&] { draw_dataset_panel(browser, bench); });
    update_evaluation_runs(evaluation.runs, bench);  // every frame, drawn or not, as the studio does
    as_panel("Evaluation", [&] { draw_evaluation_panel(evaluation, bench); });
  };
  ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_TRUE(bench.current_evaluations().empty()) << "nothing runs unasked";
  bench.evaluate_request = true;  // what the browser's Evaluate button sets
  const auto end = std::chrono::steady_clock::now() + 60s;
  while (bench.current_evaluations().empty() && std::chrono::steady_clock::now() < end) ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_FALSE(bench.evaluate_request) << "the Evaluation panel takes the request";
  ASSERT_FALSE(bench.current_evaluations().empty()) << "no evaluation within 60 s";
  ui.frame(ImVec2(-1, -1), false, draw);
  EXPECT_EQ(browser.filter.predictions_from, "cnn-request");
  EXPECT_TRUE(std::any_of(browser.shown_predicted.begin(), browser.shown_predicted.end(), [](int p) { return p >= 0; }));
}

}  // namespace
}  // namespace ferlab::app::testing
