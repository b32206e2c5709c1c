// `ferlab data ...` run as a user runs it: the real binary, its exit code and output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "data/dataset_io.hpp"
#include "data_test_support.hpp"
#include "support/run_ferlab.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using test::csv_row;
using test::pattern_face;
using test::TempDir;

using test::CommandResult;
using test::quoted;
using test::run_ferlab;

// Three good rows and a row with 2300 pixel values on line 3.
std::string csv_with_bad_line_3(const TempDir& dir) {
  const std::string path = dir.file("faces.csv");
  std::string short_row = "1";
  for (int i = 0; i < 2300; ++i) short_row += (i ? " " : ",") + std::string("5");
  test::write_text(path, "emotion,pixels,Usage\n" + csv_row(3, pattern_face(1), "Training") + short_row +
                             ",Training\n" + csv_row(6, pattern_face(2), "PublicTest") +
                             csv_row(0, pattern_face(3), "Training"));
  return path;
}

TEST(DataPackCommand, SkipsBadRowReportsItsLineAndWritesThePack) {
  const TempDir dir;
  const std::string csv = csv_with_bad_line_3(dir);
  const std::string out = dir.file("faces.ferpack");
  const CommandResult result = run_ferlab("data pack " + quoted(csv) + " --out " + quoted(out));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("skipped 1 bad item"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find(csv + ":3: expected 2304 pixel values, found 2300"), std::string::npos)
      << result.output;
  ASSERT_TRUE(fs::exists(out));
  EXPECT_EQ(load_packed(out).size(), 3u);
}

TEST(DataPackCommand, StrictModeFailsOnBadRowAndWritesNothing) {
  const TempDir dir;
  const std::string csv = csv_with_bad_line_3(dir);
  const std::string out = dir.file("faces.ferpack");
  const CommandResult result = run_ferlab("data pack " + quoted(csv) + " --out " + quoted(out) + " --strict");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find(csv + ":3:"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DataStatsCommand, MissingPathExitsWithErrorNamingIt) {
  const TempDir dir;
  const std::string path = dir.file("absent.ferpack");
  const CommandResult result = run_ferlab("data stats " + quoted(path));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("no such file or directory: " + path), std::string::npos) << result.output;
}

TEST(DataStatsCommand, PrintsDistributionAndWritesJson) {
  const TempDir dir;
  const std::string csv = csv_with_bad_line_3(dir);
  const std::string json_path = dir.file("stats.json");
  const CommandResult result = run_ferlab("data stats " + quoted(csv) + " --json " + quoted(json_path));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("train: 2 faces"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("skipped 1 bad item"), std::string::npos) << result.output;
  const nlohmann::json stats = nlohmann::json::parse(test::read_bytes(json_path));
  EXPECT_EQ(stats["total"], 3);
  EXPECT_EQ(stats["skipped"], 1);
  EXPECT_EQ(stats["splits"]["train"]["classes"]["happy"], 1);
  EXPECT_EQ(stats["splits"]["test"]["classes"]["neutral"], 1);
}

TEST(DataPackCommand, RefusesAnOutputThatIsItsInputThroughASymlink) {
  const TempDir dir;
  const std::string csv = csv_with_bad_line_3(dir);
  const std::string before = test::read_bytes(csv);
  fs::create_symlink(csv, dir.file("alias.ferpack"));
  const CommandResult result = run_ferlab("data pack " + quoted(csv) + " --out " + quoted(dir.file("alias.ferpack")));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("is also an input (" + csv + "); refusing to overwrite it"), std::string::npos)
      << result.output;
  EXPECT_EQ(test::read_bytes(csv), before);
}

TEST(DataPackCommand, OutputIntoAnExistingFolderFailsBeforeLoading) {
  const TempDir dir;
  const std::string csv = csv_with_bad_line_3(dir);
  fs::create_directories(dir.file("packs"));
  const CommandResult result = run_ferlab("data pack " + quoted(csv) + " --out " + quoted(dir.file("packs")));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("--out " + dir.file("packs") + " is a folder"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("loading"), std::string::npos) << result.output;
}

TEST(DataPackCommand, OutputBelowAFileFailsNamingTheFile) {
  const TempDir dir;
  const std::string csv = csv_with_bad_line_3(dir);
  const CommandResult result = run_ferlab("data pack " + quoted(csv) + " --out " + quoted(csv + "/x.ferpack"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find(csv + " is a file, not a folder"), std::string::npos) << result.output;
}

TEST(DataStatsCommand, RefusesAJsonReportInsideTheDatasetFolder) {
  const TempDir dir;
  test::write_text(dir.file("fer/train/happy/a.png"), "not an image");
  const CommandResult result =
      run_ferlab("data stats " + quoted(dir.file("fer")) + " --json " + quoted(dir.file("fer/train/stats.json")));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("lies inside the input folder"), std::string::npos) << result.output;
  EXPECT_FALSE(fs::exists(dir.file("fer/train/stats.json")));
}

TEST(DataStatsCommand, JsonReportIsWrittenWhenAProblemNamesAFileThatIsNotUtf8) {
  const TempDir dir;
  std::vector<uint8_t> face = pattern_face(1);
  fs::create_directories(dir.file("fer/train/happy"));
  ASSERT_TRUE(cv::imwrite(dir.file("fer/train/happy/good.png"), cv::Mat(kFaceSize, kFaceSize, CV_8U, face.data())));
  test::write_text(dir.file("fer/train/happy/caf\xE9.jpg"), "not an image");
  const CommandResult result =
      run_ferlab("data stats " + quoted(dir.file("fer")) + " --json " + quoted(dir.file("stats.json")));
  EXPECT_EQ(result.exit_code, 0) << result.output;
  const auto report = nlohmann::json::parse(test::read_bytes(dir.file("stats.json")));
  EXPECT_EQ(report.at("skipped"), 1);
  EXPECT_NE(report.at("problems").dump().find("caf\xEF\xBF\xBD.jpg"), std::string::npos) << report.dump();
}

}  // namespace
}  // namespace ferlab
