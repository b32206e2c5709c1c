// Reading training logs and drawing their curves, with real files and real
// OpenCV rendering; `ferlab plot` run as a user runs it.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <fstream>

#include "core/errors.hpp"
#include "plot/training_curves.hpp"
#include "plot/training_log.hpp"
#include "support/run_ferlab.hpp"
#include "support/temp_dir.hpp"

namespace ferlab {
namespace {

using test::quoted;
using test::run_ferlab;
using test::TempDir;

void write_text(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// A log as the trainer writes it, with a constant validation accuracy.
std::string log_text(double val_accuracy, int epochs) {
  std::string text = "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n";
  for (int e = 1; e <= epochs; ++e)
    text += std::to_string(e) + ",1.5," + std::to_string(0.3 + 0.01 * e) + ",1.4," + std::to_string(val_accuracy) +
            ",0.001,4.2\n";
  return text;
}

TEST(TrainingLog, ReadsColumnsByName) {
  const TempDir dir;
  // Columns in another order and one the reader does not know: still read by name.
  write_text(dir.file("log.csv"), "lr,epoch,val_acc,extra,train_acc,val_loss,train_loss\n"
                                  "0.001,1,0.25,x,0.2,1.9,2.0\n0.0005,2,0.5,y,0.4,1.2,1.6\n");
  const TrainingLog log = read_training_log(dir.file("log.csv"), "run");
  ASSERT_EQ(log.rows.size(), 2u);
  EXPECT_EQ(log.rows[1].epoch, 2);
  EXPECT_DOUBLE_EQ(log.rows[1].val_accuracy, 0.5);
  EXPECT_DOUBLE_EQ(log.rows[1].train_accuracy, 0.4);
  EXPECT_DOUBLE_EQ(log.rows[1].train_loss, 1.6);
  EXPECT_DOUBLE_EQ(log.rows[0].lr, 0.001);
}

TEST(TrainingLog, BadFilesNameTheFileAndWhatIsWrong) {
  const TempDir dir;
  write_text(dir.file("missing.csv"), "epoch,train_loss,train_acc,val_loss,lr\n1,2,0.2,1.9,0.1\n");
  write_text(dir.file("text.csv"), log_text(0.5, 2) + "3,1.5,abc,1.4,0.5,0.001,4\n");
  write_text(dir.file("header.csv"), "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n");
  const auto message = [&](const std::string& name) {
    try {
      read_training_log(dir.file(name), name);
    } catch (const DataError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("missing.csv").find("no 'val_acc' column"), std::string::npos) << message("missing.csv");
  EXPECT_NE(message("text.csv").find("text.csv line 4: 'abc' is not a number"), std::string::npos)
      << message("text.csv");
  EXPECT_NE(message("header.csv").find("no epochs"), std::string::npos) << message("header.csv");
  EXPECT_NE(message("absent.csv").find("cannot open"), std::string::npos);
}

TEST(TrainingLog, NamesRunsAfterTheirFiles) {
  EXPECT_EQ(training_log_name("models/resnet18.log.csv"), "resnet18");
  EXPECT_EQ(training_log_name("runs/cnn/log.csv"), "cnn");
}

// Mean row of the pixels drawn in exactly `colour` within the left (accuracy) chart.
double mean_row_of(const cv::Mat& image, const cv::Vec3b& colour) {
  double sum = 0;
  int n = 0;
  for (int y = 0; y < image.rows; ++y)
    for (int x = 0; x < image.cols / 2; ++x)
      if (image.at<cv::Vec3b>(y, x) == colour) sum += y, ++n;
  return n ? sum / n : -1;
}

TEST(TrainingCurves, HigherAccuracyIsDrawnHigher) {
  const TempDir dir;
  write_text(dir.file("good.log.csv"), log_text(0.8, 10));
  write_text(dir.file("poor.log.csv"), log_text(0.4, 10));
  const cv::Mat image = render_training_curves(
      {read_training_log(dir.file("good.log.csv"), "good"), read_training_log(dir.file("poor.log.csv"), "poor")},
      "two runs");
  ASSERT_EQ(image.cols, 1400);
  ASSERT_EQ(image.rows, 560);
  // The first two palette colours (BGR), at full strength: the validation curves.
  const double good = mean_row_of(image, {180, 119, 31});
  const double poor = mean_row_of(image, {14, 127, 255});
  ASSERT_GT(good, 0) << "the first run's curve was not drawn";
  ASSERT_GT(poor, 0) << "the second run's curve was not drawn";
  EXPECT_LT(good, poor - 100) << "80 % should be drawn well above 40 %";
}

TEST(TrainingCurves, ALegendTooLongForOneRowWrapsInsideTheImage) {
  const TempDir dir;
  write_text(dir.file("run.log.csv"), log_text(0.6, 5));
  std::vector<TrainingLog> logs;
  for (int i = 0; i < 4; ++i)
    logs.push_back(read_training_log(dir.file("run.log.csv"), "a run with a long descriptive name, number " +
                                                                  std::to_string(i)));
  const cv::Mat image = render_training_curves(logs, "four runs");
  EXPECT_EQ(image.cols, 1400);
  EXPECT_GT(image.rows, 560) << "the legend should have taken a second row";
  // Text that ran off the right edge would leave ink in the last columns above the charts.
  const cv::Mat edge = image(cv::Rect(image.cols - 8, 0, 8, image.rows - 486));
  EXPECT_EQ(cv::countNonZero(edge.reshape(1) != 255), 0) << "legend text reaches the image's right edge";
}

TEST(TrainingCurves, RefusesAnEmptyListOfRuns) {
  EXPECT_THROW(render_training_curves({}, "nothing"), UsageError);
}

TEST(PlotCommand, WritesAPngOfTwoNamedRuns) {
  const TempDir dir;
  write_text(dir.file("a.log.csv"), log_text(0.6, 5));
  const std::string out = dir.file("curves.png");
  const auto result = run_ferlab("plot " + quoted(dir.file("a.log.csv")) + " " + quoted(dir.file("a.log.csv")) +
                                 " --name first --name second --out " + quoted(out));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("wrote " + out + " (2 runs)"), std::string::npos) << result.output;
  const cv::Mat image = cv::imread(out);
  EXPECT_EQ(image.cols, 1400);
  EXPECT_EQ(image.rows, 560);
}

TEST(PlotCommand, ABadLogIsAClearErrorAndWritesNothing) {
  const TempDir dir;
  write_text(dir.file("bad.csv"), "epoch,loss\n1,2\n");
  const std::string out = dir.file("curves.png");
  const auto result = run_ferlab("plot " + quoted(dir.file("bad.csv")) + " --out " + quoted(out));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find(dir.file("bad.csv") + ": no 'train_loss' column"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(out));

  const auto mismatch = run_ferlab("plot " + quoted(dir.file("bad.csv")) + " --name a --name b --out " + quoted(out));
  EXPECT_EQ(mismatch.exit_code, 1);
  EXPECT_NE(mismatch.output.find("--name was given 2 times for 1 logs"), std::string::npos) << mismatch.output;
}

}  // namespace
}  // namespace ferlab
