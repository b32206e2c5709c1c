#include <gtest/gtest.h>

#include <filesystem>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data_test_support.hpp"

namespace ferlab {
namespace {

using test::csv_row;
using test::pattern_face;
using test::TempDir;
using test::write_text;

const std::string kHeader = "emotion,pixels,Usage\n";

// Two good rows (lines 2 and 4) around `bad_row` (line 3); returns the file's path.
std::string csv_with_bad_row(const TempDir& dir, const std::string& bad_row) {
  const std::string path = dir.file("faces.csv");
  write_text(path, kHeader + csv_row(3, pattern_face(1), "Training") + bad_row + "\n" +
                       csv_row(6, pattern_face(2), "PublicTest"));
  return path;
}

// Loads a file with one bad row and returns its single problem line.
std::string problem_for_bad_row(const std::string& bad_row) {
  const TempDir dir;
  const std::string path = csv_with_bad_row(dir, bad_row);
  LoadReport report;
  const FaceDataset dataset = load_csv(path, {}, &report);
  EXPECT_EQ(dataset.size(), 2u);
  EXPECT_EQ(report.loaded, 2u);
  EXPECT_EQ(report.skipped, 1u);
  if (report.problems.size() != 1) return "expected one problem, got " + std::to_string(report.problems.size());
  EXPECT_EQ(report.problems[0].rfind(path + ":3: ", 0), 0u) << report.problems[0];
  return report.problems[0];
}

std::string pixels_with(int count, const std::string& replace_at_17 = "") {
  std::string out;
  for (int i = 1; i <= count; ++i) out += (i > 1 ? " " : "") + (i == 17 && !replace_at_17.empty() ? replace_at_17 : "9");
  return out;
}

TEST(CsvLoader, ReadsLabelsPixelsAndUsageOfEachRow) {
  const TempDir dir;
  const std::string path = dir.file("faces.csv");
  write_text(path, kHeader + csv_row(0, pattern_face(1), "Training") + csv_row(5, pattern_face(2), "PublicTest") +
                       csv_row(6, pattern_face(3), "PrivateTest"));
  const FaceDataset dataset = load_csv(path);
  ASSERT_EQ(dataset.size(), 3u);
  EXPECT_EQ(dataset.label(0), 0);
  EXPECT_EQ(dataset.label(1), 5);
  EXPECT_EQ(dataset.label(2), 6);
  EXPECT_EQ(dataset.split(0), Split::Train);
  EXPECT_EQ(dataset.split(1), Split::PublicTest);
  EXPECT_EQ(dataset.split(2), Split::PrivateTest);
  const std::vector<uint8_t> expected = pattern_face(2);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), dataset.image(1)));
}

TEST(CsvLoader, SourceNamesFileAndLine) {
  const TempDir dir;
  const std::string path = dir.file("faces.csv");
  write_text(path, kHeader + csv_row(0, pattern_face(1), "Training") + csv_row(1, pattern_face(2), "Training"));
  EXPECT_EQ(load_csv(path).source(1), "faces.csv:3");
}

TEST(CsvLoader, MissingUsageColumnMeansTrain) {
  const TempDir dir;
  const std::string path = dir.file("faces.csv");
  write_text(path, "emotion,pixels\n4," + test::pixels_field(pattern_face(1)) + "\n");
  const FaceDataset dataset = load_csv(path);
  ASSERT_EQ(dataset.size(), 1u);
  EXPECT_EQ(dataset.label(0), 4);
  EXPECT_EQ(dataset.split(0), Split::Train);
}

TEST(CsvLoader, AcceptsCrlfQuotedPixelsAndBlankTrailingLines) {
  const TempDir dir;
  const std::string path = dir.file("faces.csv");
  const std::string pixels = test::pixels_field(pattern_face(7));
  write_text(path, "emotion,pixels,Usage\r\n2,\"" + pixels + "\",Training\r\n1," + pixels + ",PublicTest\r\n\r\n\n");
  LoadReport report;
  const FaceDataset dataset = load_csv(path, {}, &report);
  ASSERT_EQ(dataset.size(), 2u);
  EXPECT_EQ(report.skipped, 0u);
  EXPECT_EQ(dataset.label(0), 2);
  EXPECT_EQ(dataset.split(1), Split::PublicTest);
  EXPECT_EQ(dataset.image(0)[kFacePixels - 1], pattern_face(7).back());
}

TEST(CsvLoader, RejectsRowWithWrongPixelCount) {
  EXPECT_NE(problem_for_bad_row("1," + pixels_with(2300) + ",Training").find("expected 2304 pixel values, found 2300"),
            std::string::npos);
}

TEST(CsvLoader, RejectsRowWithTooManyPixels) {
  EXPECT_NE(problem_for_bad_row("1," + pixels_with(2305) + ",Training").find("expected 2304 pixel values, found 2305"),
            std::string::npos);
}

TEST(CsvLoader, RejectsNonNumericPixel) {
  EXPECT_NE(problem_for_bad_row("1," + pixels_with(2304, "x") + ",Training").find("non-numeric value 'x' at position 17"),
            std::string::npos);
}

TEST(CsvLoader, RejectsPixelOutOfRange) {
  EXPECT_NE(problem_for_bad_row("1," + pixels_with(2304, "300") + ",Training").find("value 300 out of range 0-255"),
            std::string::npos);
}

TEST(CsvLoader, RejectsUnknownEmotionCode) {
  EXPECT_NE(problem_for_bad_row("9," + pixels_with(2304) + ",Training").find("unknown emotion code 9"),
            std::string::npos);
}

TEST(CsvLoader, RejectsUnknownUsage) {
  EXPECT_NE(problem_for_bad_row("1," + pixels_with(2304) + ",Foo").find("unknown Usage 'Foo'"), std::string::npos);
}

TEST(CsvLoader, RejectsRowWithWrongColumnCount) {
  EXPECT_NE(problem_for_bad_row("1," + pixels_with(2304)).find("wrong column count: expected 3, found 2"),
            std::string::npos);
}

TEST(CsvLoader, StrictModeThrowsOnFirstBadRowNamingFileAndLine) {
  const TempDir dir;
  const std::string path = csv_with_bad_row(dir, "1," + pixels_with(2300) + ",Training");
  LoadOptions strict;
  strict.strict = true;
  try {
    load_csv(path, strict);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ":3: expected 2304 pixel values, found 2300"), std::string::npos)
        << e.what();
  }
}

TEST(CsvLoader, MissingFileThrowsNamingIt) {
  const TempDir dir;
  const std::string path = dir.file("absent.csv");
  try {
    load_csv(path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(CsvLoader, WrongHeaderThrowsNamingFileAndExpectedHeader) {
  const TempDir dir;
  const std::string path = dir.file("faces.csv");
  write_text(path, "label,image\n" + csv_row(1, pattern_face(1), "Training"));
  try {
    load_csv(path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("emotion,pixels,Usage"), std::string::npos) << message;
  }
}

TEST(CsvLoader, HeaderlessFileIsRejectedNotReadAsData) {
  const TempDir dir;
  const std::string path = dir.file("faces.csv");
  write_text(path, csv_row(1, pattern_face(1), "Training"));
  EXPECT_THROW(load_csv(path), DataError);
}

TEST(CsvLoader, LoadsSharedSampleWith280TrainingAnd56PublicTestRows) {
  const std::string path = std::string(FERLAB_SHARED_DIR) + "/fer2013-csv-sample/fer2013_sample.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no shared data at " << path;
  LoadReport report;
  const FaceDataset dataset = load_csv(path, {}, &report);
  EXPECT_EQ(dataset.size(), 336u);
  EXPECT_EQ(dataset.count(Split::Train), 280u);
  EXPECT_EQ(dataset.count(Split::PublicTest), 56u);
  EXPECT_EQ(report.skipped, 0u);
}

}  // namespace
}  // namespace ferlab

namespace ferlab {
namespace {

// The peak of this process's virtual memory, which a reserve() raises at once
// even before the pages are touched.
size_t virtual_peak_bytes() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmPeak:", 0) == 0) return std::stoull(line.substr(7)) * 1024;
  return 0;
}

TEST(CsvLoader, HeaderAndMillionsOfBlankLinesDoNotReserveMemoryPerLine) {
  const test::TempDir dir("blank-lines");
  const std::string path = dir / "blank.csv";
  test::write_text(path, "emotion,pixels,Usage\n" + std::string(5'000'000, '\n'));
  const size_t before = virtual_peak_bytes();
  const FaceDataset dataset = load_csv(path);
  EXPECT_EQ(dataset.size(), 0u);
  // One face slot per line would be 5,000,000 x 2304 bytes = 11.5 GB.
  EXPECT_LT(virtual_peak_bytes() - before, size_t{200} << 20);
}

}  // namespace
}  // namespace ferlab
