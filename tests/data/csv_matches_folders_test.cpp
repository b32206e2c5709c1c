// The shared CSV sample was made from the shared images: row i (after the
// header) from the file on line i of sources.txt. The two loaders must agree on
// every label and every pixel, or one of them maps classes or decodes wrongly.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "data/dataset_io.hpp"
#include "data_test_support.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;

TEST(CsvSample, MatchesItsSourceImagesLabelForLabelAndPixelForPixel) {
  const fs::path shared(FERLAB_SHARED_DIR);
  const fs::path csv = shared / "fer2013-csv-sample" / "fer2013_sample.csv";
  const fs::path sources_txt = shared / "fer2013-csv-sample" / "sources.txt";
  if (!fs::exists(csv) || !fs::exists(shared / "fer2013")) GTEST_SKIP() << "no shared data at " << shared;

  std::vector<std::string> sources;  // "fer2013/train/angry/Training_59667109.jpg"
  std::ifstream in(sources_txt);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) sources.push_back(line);

  // Only the 336 images the sample came from, laid out like the real folders
  // (by link), so that load_folders itself maps their class folders.
  const test::TempDir dir;
  const fs::path prefix = "fer2013";
  for (const std::string& source : sources) {
    const fs::path relative = fs::path(source).lexically_relative(prefix);
    fs::create_directories((dir.path() / relative).parent_path());
    fs::create_symlink(fs::absolute(shared / source), dir.path() / relative);
  }
  LoadReport folder_report;
  const FaceDataset folders = load_folders(dir.path().string(), {}, &folder_report);
  ASSERT_EQ(folder_report.skipped, 0u);
  std::map<std::string, size_t> index_of_source;
  for (size_t i = 0; i < folders.size(); ++i) index_of_source[folders.source(i)] = i;

  const FaceDataset rows = load_csv(csv.string());
  ASSERT_EQ(rows.size(), sources.size());
  for (size_t row = 0; row < rows.size(); ++row) {
    const std::string relative = fs::path(sources[row]).lexically_relative(prefix).generic_string();
    ASSERT_TRUE(index_of_source.count(relative)) << relative;
    const size_t i = index_of_source.at(relative);
    EXPECT_EQ(rows.label(row), folders.label(i)) << "row " << row + 1 << " vs " << relative;
    EXPECT_EQ(rows.split(row), folders.split(i)) << "row " << row + 1 << " vs " << relative;
    EXPECT_TRUE(std::equal(rows.image(row), rows.image(row) + kFacePixels, folders.image(i)))
        << "pixels of row " << row + 1 << " differ from " << relative;
  }
}

}  // namespace
}  // namespace ferlab
