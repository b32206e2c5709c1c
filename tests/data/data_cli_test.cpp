// `ferlab data ...` run as a user runs it: the real binary, its exit code and output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
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

void write_png(const fs::path& path, std::vector<uint8_t> face) {
  fs::create_directories(path.parent_path());
  ASSERT_TRUE(cv::imwrite(path.string(), cv::Mat(kFaceSize, kFaceSize, CV_8UC1, face.data())));
}

// Smooth, unlike one another: different frequencies per seed.
std::vector<uint8_t> smooth_face(int seed) {
  std::vector<uint8_t> face(kFacePixels);
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x)
      face[static_cast<size_t>(y * kFaceSize + x)] = static_cast<uint8_t>(
          128 + 100 * std::sin(0.07 * (seed + 1) * x + seed) * std::cos(0.05 * (seed + 2) * y + 2 * seed));
  return face;
}

TEST(DataDuplicatesCommand, FindsPlantedCopiesAcrossSplitsAndLabelConflicts) {
  const TempDir dir;
  const fs::path root = dir.path() / "faces";
  for (int i = 0; i < 6; ++i) write_png(root / "train" / "happy" / ("t" + std::to_string(i) + ".png"), smooth_face(i));
  write_png(root / "train" / "sad" / "copy_of_t1.png", smooth_face(1));   // within train, other label
  write_png(root / "test" / "happy" / "copy_of_t2.png", smooth_face(2));  // across splits
  std::vector<uint8_t> near = smooth_face(3);
  for (size_t i = 0; i < near.size(); i += 3) near[i] = static_cast<uint8_t>(std::min(255, near[i] + 2));
  write_png(root / "test" / "happy" / "near_t3.png", near);
  for (int i = 10; i < 13; ++i) write_png(root / "test" / "sad" / ("d" + std::to_string(i) + ".png"), smooth_face(i));

  const std::string json_path = dir.file("dups.json");
  const CommandResult exact = run_ferlab("data duplicates " + quoted(root.string()) + " --json " + quoted(json_path));
  ASSERT_EQ(exact.exit_code, 0) << exact.output;
  EXPECT_NE(exact.output.find("2 exact duplicate group(s), 4 faces in a group"), std::string::npos) << exact.output;
  EXPECT_NE(exact.output.find("1 group(s) with conflicting labels"), std::string::npos) << exact.output;
  EXPECT_NE(exact.output.find("train/happy/t1.png (happy) train/sad/copy_of_t1.png (sad)"), std::string::npos)
      << exact.output;
  const nlohmann::json j = nlohmann::json::parse(test::read_bytes(json_path));
  ASSERT_EQ(j["groups"].size(), 2u);
  EXPECT_EQ(j["groups"][0]["kind"], "exact");
  EXPECT_EQ(j["groups"][0]["files"], nlohmann::json({"train/happy/t1.png", "train/sad/copy_of_t1.png"}));
  EXPECT_EQ(j["groups"][1]["files"], nlohmann::json({"train/happy/t2.png", "test/happy/copy_of_t2.png"}));

  const CommandResult with_near =
      run_ferlab("data duplicates " + quoted(root.string()) + " --near --json " + quoted(json_path));
  ASSERT_EQ(with_near.exit_code, 0) << with_near.output;
  EXPECT_NE(with_near.output.find("1 near-duplicate group(s)"), std::string::npos) << with_near.output;
  const nlohmann::json n = nlohmann::json::parse(test::read_bytes(json_path));
  ASSERT_EQ(n["groups"].size(), 3u);
  EXPECT_EQ(n["groups"][2]["kind"], "near");
  EXPECT_EQ(n["groups"][2]["files"], nlohmann::json({"train/happy/t3.png", "test/happy/near_t3.png"}));
}

// FER-2013 has all-black faces that decode without error: `data stats` names the
// planted black JPEG and the flat grey PNG, and not the faint but real face.
TEST(DataStatsCommand, ListsPlantedBlankAndConstantImages) {
  const TempDir dir;
  const fs::path root = dir.path() / "faces";
  for (int i = 0; i < 4; ++i) write_png(root / "train" / "happy" / ("t" + std::to_string(i) + ".png"), smooth_face(i));
  fs::create_directories(root / "test" / "sad");
  ASSERT_TRUE(cv::imwrite((root / "test" / "sad" / "black.jpg").string(), cv::Mat(kFaceSize, kFaceSize, CV_8UC1, cv::Scalar(0))));
  write_png(root / "train" / "angry" / "flat.png", std::vector<uint8_t>(kFacePixels, 128));
  std::vector<uint8_t> faint = smooth_face(5);
  for (uint8_t& v : faint) v = static_cast<uint8_t>(100 + (v - 128) / 10);  // a tenth of the contrast: a spread of ~5
  write_png(root / "test" / "sad" / "faint.png", faint);

  const std::string json_path = dir.file("stats.json");
  const CommandResult result = run_ferlab("data stats " + quoted(root.string()) + " --json " + quoted(json_path));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("2 blank or constant images"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("test/sad/black.jpg (sad)"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("train/angry/flat.png (angry)"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("least varied image kept as a face: test/sad/faint.png"), std::string::npos)
      << result.output;
  const nlohmann::json stats = nlohmann::json::parse(test::read_bytes(json_path));
  std::vector<std::string> blank = stats["blank"];
  std::sort(blank.begin(), blank.end());
  EXPECT_EQ(blank, (std::vector<std::string>{"test/sad/black.jpg", "train/angry/flat.png"}));
}

}  // namespace
}  // namespace ferlab
