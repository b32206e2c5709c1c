// Clicks, as a user makes them, on the panels that act on them: a face in the
// live feed selects its track (and Grad-CAM follows it), a confusion-matrix cell
// names its true and predicted class, and that cell's request shows exactly its
// faces in the dataset browser; the Evaluation panel shows the calibration of the
// result it shows. Real pipeline, real evaluation, real ImGui
// frames with the mouse set by the test, under Xvfb.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>

#include <opencv2/imgcodecs.hpp>

#include "app/live_feed.hpp"
#include "app/panels/dataset.hpp"
#include "app/panels/evaluation.hpp"
#include "app/panels/live.hpp"
#include "app/widgets/plots.hpp"
#include "studio_fixture.hpp"
#include "ui_harness.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;
namespace fs = std::filesystem;

#define FERLAB_REQUIRE_UI(ui)                                                  \
  do {                                                                         \
    if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";   \
    ASSERT_TRUE((ui).ok()) << "no OpenGL 3.3 context";                         \
  } while (0)

// Six faces per class in five classes, and one random cnn, both loaded.
void load_tiny_data_and_a_cnn(Workbench& bench, const TempDir& dir, const std::string& model_name) {
  write_tiny_csv(dir.path("faces.csv"), 6, 5);
  bench.data.request_load(dir.path("faces.csv"));
  bench.models.request_load(write_random_cnn(dir.path(""), model_name));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.data.dataset() && !bench.models.models().empty(); }, 60s));
}

TEST(PanelClicks, ConfusionCell_ClickNamesItsTrueAndPredictedClass) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  std::array<std::array<double, kNumEmotions>, kNumEmotions> values{};
  std::array<std::array<std::string, kNumEmotions>, kNumEmotions> labels;
  for (int r = 0; r < kNumEmotions; ++r)
    for (int c = 0; c < kNumEmotions; ++c) labels[r][c] = std::to_string(r * 10 + c);
  const ImVec2 size(420, 360);
  MatrixLayout layout;
  std::optional<std::pair<int, int>> clicked;
  const auto draw = [&] {
    ImGui::Begin("matrix");
    layout = matrix_layout(ImGui::GetCursorScreenPos(), size);
    if (auto cell = matrix_heatmap("confusion", values, labels, size)) clicked = cell;
    ImGui::End();
  };
  ui.frame(ImVec2(-1, -1), false, draw);  // lays the window out
  for (const auto& [row, column] : {std::pair{2, 4}, std::pair{0, 0}, std::pair{6, 6}, std::pair{5, 1}}) {
    clicked.reset();
    ui.click(layout.cell_center(row, column), draw);
    ASSERT_TRUE(clicked.has_value()) << "cell " << row << "," << column;
    EXPECT_EQ(*clicked, std::make_pair(row, column));
  }
  clicked.reset();
  ui.click(ImVec2(layout.origin.x + 2, layout.cell_center(3, 0).y), draw);  // on a row name
  EXPECT_FALSE(clicked.has_value());
}

TEST(PanelClicks, LiveFace_ClickSelectsItsTrackAndGradCamFollows) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("clicks-live");
  // A large face on the left (selected first: the largest is) and a smaller one on the right.
  if (!write_face_frames(dir.path("frames"), 6, {640, 360}, {{40, 60, 220, 220}, {400, 90, 170, 170}}))
    GTEST_SKIP() << "no FER-2013 test faces under " << FERLAB_SHARED_DIR;
  Workbench bench("");
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-clicks"));
  LiveFeed feed(dir.path("frames"));
  LivePanel panel;
  const auto draw = [&] { as_panel("Live", [&] { draw_live_panel(panel, feed, bench); }); };
  ASSERT_TRUE(poll_until(bench, &feed, [&] { return feed.shown() && feed.shown()->faces.size() == 2; }, 60s))
      << "the two faces were not both found";
  feed.set_paused(true);  // hold one frame so that the boxes stay where they were drawn
  ui.frame(ImVec2(-1, -1), false, draw);

  const FrameResult& shown = *feed.shown();
  const FaceResult* other = nullptr;
  for (const FaceResult& face : shown.faces)
    if (face.track_id != feed.selected_track()) other = &face;
  ASSERT_NE(other, nullptr) << "one of the two faces should be selected already";
  EXPECT_GT(other->box.x, shown.frame.image.cols / 2.0f) << "the larger face, on the left, is selected first";
  const int other_track = other->track_id;
  const ImageRect& at = panel.shown_at;
  const ImVec2 centre(at.min.x + (other->box.x + other->box.width / 2) * at.scale,
                      at.min.y + (other->box.y + other->box.height / 2) * at.scale);
  ui.click(centre, draw);

  EXPECT_EQ(feed.selected_track(), other_track);
  ASSERT_TRUE(bench.focus_face.has_value());
  EXPECT_EQ(bench.focus_face->origin, "track " + std::to_string(other_track));
  // The paused frame is explained again, now for the clicked face.
  ASSERT_TRUE(poll_until(bench, &feed, [&] {
    const FaceResult* face = feed.selected_face();
    return face && face->track_id == other_track && !face->heatmap.empty();
  }, 20s)) << "Grad-CAM did not follow the click";
}

TEST(PanelClicks, ConfusionCellRequest_ShowsExactlyThatCellsFacesInTheBrowser) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("clicks-data");
  Workbench bench("");
  load_tiny_data_and_a_cnn(bench, dir, "cnn-browse");
  if (::testing::Test::HasFatalFailure()) return;
  const auto& data = *bench.data.dataset();
  const auto evaluation =
      evaluate_split(bench.models.models().front(), data, Split::PublicTest, Tta::None, bench.data.generation());
  bench.add_evaluation(evaluation);

  // The fullest wrong cell: an untrained network gets most faces wrong.
  int best_t = 0, best_p = 1;
  for (int t = 0; t < kNumEmotions; ++t)
    for (int p = 0; p < kNumEmotions; ++p)
      if (t != p && evaluation->result.confusion.count(t, p) > evaluation->result.confusion.count(best_t, best_p))
        best_t = t, best_p = p;
  std::vector<size_t> expected;
  for (const auto& prediction : evaluation->result.predictions)
    if (prediction.true_label == best_t && prediction.predicted == best_p)
      expected.push_back(evaluation->dataset_index[prediction.index]);
  ASSERT_FALSE(expected.empty());

  DatasetPanel panel;
  bench.browse_request = BrowseRequest{evaluation->model, Split::PublicTest, best_t, best_p};
  ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); });
  EXPECT_FALSE(bench.browse_request.has_value()) << "the browser takes the request";
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(panel.shown, expected);
  for (size_t i = 0; i < panel.shown.size(); ++i) {
    EXPECT_EQ(data.split(panel.shown[i]), Split::PublicTest);
    EXPECT_EQ(data.label(panel.shown[i]), best_t);
    EXPECT_EQ(panel.shown_predicted[i], best_p);
  }
}

}  // namespace
TEST(PanelClicks, EvaluationPanelShowsTheCalibrationOfItsResult) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("eval-calibration");
  Workbench bench("");
  load_tiny_data_and_a_cnn(bench, dir, "cnn-calibration");
  if (::testing::Test::HasFatalFailure()) return;
  EvaluationPanel panel;
  panel.runs.start_when_ready = true;  // as `ferlab studio --evaluate`, instead of a click on Evaluate
  const auto draw = [&] { update_evaluation_runs(panel.runs, bench); as_panel("Evaluation", [&] { draw_evaluation_panel(panel, bench); }); };
  // Frames keep polling the run.
  ASSERT_TRUE(poll_until(bench, nullptr, [&] {
    ui.frame(ImVec2(-1, -1), false, draw);
    return panel.runs.slots[0].shown != nullptr;
  }, 60s));
  ui.frame(ImVec2(-1, -1), false, draw);

  const EvalResult& r = panel.runs.slots[0].shown->result;
  std::vector<ClassScores> probabilities;
  std::vector<int> labels;
  for (const SamplePrediction& p : r.predictions) {
    probabilities.push_back(p.probabilities);
    labels.push_back(p.true_label);
  }
  const CalibrationReport expected = calibration_report(probabilities, labels);
  const CalibrationReport& shown = panel.runs.slots[0].calibration;
  EXPECT_EQ(shown.samples, r.predictions.size());
  EXPECT_EQ(shown.samples, 5u * kNumEmotions);
  EXPECT_DOUBLE_EQ(shown.ece, expected.ece);
  EXPECT_DOUBLE_EQ(shown.nll, expected.nll);
  ASSERT_EQ(shown.bins.size(), static_cast<size_t>(kCalibrationBins));
}

TEST(PanelClicks, EvaluationPanelComparesItsTwoModelsOnTheSameFaces) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("eval-compare");
  Workbench bench("");
  load_tiny_data_and_a_cnn(bench, dir, "cnn-a");
  if (::testing::Test::HasFatalFailure()) return;
  bench.models.request_load(write_random_cnn(dir.path(""), "cnn-b", /*seed=*/4));
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.models.models().size() == 2; }, 60s));
  EvaluationPanel panel;
  panel.runs.start_when_ready = true;
  const auto draw = [&] { update_evaluation_runs(panel.runs, bench); as_panel("Evaluation", [&] { draw_evaluation_panel(panel, bench); }); };
  ASSERT_TRUE(poll_until(bench, nullptr, [&] {
    ui.frame(ImVec2(-1, -1), false, draw);
    return panel.runs.slots[0].shown && panel.runs.slots[1].shown;
  }, 60s));
  ui.frame(ImVec2(-1, -1), false, draw);

  ASSERT_TRUE(panel.comparison.has_value());
  const EvalResult& a = panel.runs.slots[0].shown->result;
  const EvalResult& b = panel.runs.slots[1].shown->result;
  EXPECT_EQ(panel.comparison->a, panel.runs.slots[0].shown);
  const McNemarResult expected = mcnemar_test(true_labels(a), predicted_labels(a), predicted_labels(b));
  const McNemarResult& shown = panel.comparison->result.mcnemar;
  EXPECT_EQ(shown.only_a_correct, expected.only_a_correct);
  EXPECT_EQ(shown.only_b_correct, expected.only_b_correct);
  EXPECT_EQ(shown.both_correct + shown.both_wrong + shown.only_a_correct + shown.only_b_correct, a.predictions.size());
  EXPECT_DOUBLE_EQ(panel.comparison->result.a.accuracy.low, bootstrap_intervals(true_labels(a), predicted_labels(a)).accuracy.low);
}

// A class-folder data set with a ferplus.csv at its root: the browser picks the
// votes up and its crowd filter keeps exactly the faces the crowd relabels.
TEST(PanelClicks, DatasetBrowserCrowdFilterShowsTheFacesTheCrowdDisagreesOn) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  TempDir dir("crowd-browser");
  const std::string root = dir.path("faces");
  fs::create_directories(root + "/test/sad");
  std::ofstream votes(root + "/ferplus.csv");
  votes << "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";
  for (int i = 0; i < 6; ++i) {
    const std::string file = "test/sad/" + std::to_string(i) + ".png";
    cv::imwrite(root + "/" + file, cv::Mat(kFaceSize, kFaceSize, CV_8UC1, cv::Scalar(40 * i)));
    if (i == 5) continue;  // no row
    // Faces 0 and 3: the crowd says neutral; 4: a tie; the rest agree with "sad".
    votes << file << (i == 0 || i == 3 ? ",8,0,0,2,0,0,0,0,0,0\n" : i == 4 ? ",5,0,0,5,0,0,0,0,0,0\n"
                                                                             : ",0,0,0,9,0,0,0,0,1,0\n");
  }
  votes.close();
  Workbench bench("");
  bench.data.request_load(root);
  ASSERT_TRUE(poll_until(bench, nullptr, [&] { return bench.data.dataset() != nullptr; }, 60s));
  ASSERT_TRUE(bench.data.votes());

  DatasetPanel panel;
  panel.filter.crowd = kCrowdDisagrees;
  ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Dataset", [&] { draw_dataset_panel(panel, bench); }); });
  std::vector<std::string> shown;
  for (const size_t i : panel.shown) shown.push_back(fs::path(bench.data.dataset()->source(i)).filename().string());
  std::sort(shown.begin(), shown.end());
  EXPECT_EQ(shown, (std::vector<std::string>{"0.png", "3.png"}));
  // The split of all six (the crowd filter aside): agrees on 1 and 2, disagrees on 0 and 3, a tie and a face without a row.
  EXPECT_EQ(panel.crowd_agrees, 2u);
  EXPECT_EQ(panel.crowd_disagrees_count, 2u);
  EXPECT_EQ(panel.crowd_silent, 2u);
}

}  // namespace ferlab::app::testing
