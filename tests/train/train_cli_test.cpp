#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planted_patterns.hpp"
#include "support/run_ferlab.hpp"

namespace ferlab {
namespace {

using test::run_ferlab;

// Every option line of `train --help` carries a description, on the line itself
// or (when the name and type are long) on the next, and the help ends with an example.
TEST(TrainCli, HelpDescribesEveryOptionAndGivesAnExample) {
  const auto r = run_ferlab("train --help");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(r.output);
  std::vector<std::string> all;
  for (std::string line; std::getline(lines, line);) all.push_back(line);
  int options = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const std::string& line = all[i];
    if (line.rfind("  --", 0) != 0 && line.rfind("  -h,", 0) != 0) continue;
    ++options;
    // CLI11 starts descriptions at column 30 (its default column width).
    const bool described_here = line.size() > 30 && line[29] == ' ' && line.find_first_not_of(' ', 30) != std::string::npos;
    const bool described_below = i + 1 < all.size() && all[i + 1].rfind("        ", 0) == 0;
    EXPECT_TRUE(described_here || described_below) << "undescribed option: " << line;
  }
  EXPECT_GE(options, 25);
  EXPECT_NE(r.output.find("Example"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ferlab --threads 1 train --model cnn"), std::string::npos) << r.output;
}

TEST(TrainCli, RefusesAnExistingRunDirectoryWithoutResume) {
  testing::TempDir dir("cli-existing");
  std::ofstream(dir / "log.csv") << "epoch\n";
  const auto run = run_ferlab("train --model cnn --data /nonexistent.ferpack --out " + dir / "");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("ferlab: error: run directory"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--resume"), std::string::npos) << run.output;
}

TEST(TrainCli, UnknownBalanceIsAUsageError) {
  testing::TempDir dir("cli-balance");
  const auto run = run_ferlab("train --data x.ferpack --out " + dir / "run" + " --balance smote");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("unknown --balance 'smote'"), std::string::npos) << run.output;
}

TEST(TrainCli, DistillWeightWithoutATeacherAndUnknownLabelsAreUsageErrors) {
  testing::TempDir dir("cli-targets");
  auto run = run_ferlab("train --data x.ferpack --out " + dir / "run" + " --distill-weight 0.3");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("--distill-weight only applies with --distill-from"), std::string::npos) << run.output;
  run = run_ferlab("train --data x.ferpack --out " + dir / "run" + " --labels crowd");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("ferplus-soft"), std::string::npos) << run.output;
}

TEST(TrainCli, MixProbabilityWithoutMixupOrCutMixAndANegativeAlphaAreUsageErrors) {
  testing::TempDir dir("cli-mixing");
  auto run = run_ferlab("train --data x.ferpack --out " + dir / "run" + " --mix-probability 0.5");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("--mix-probability only applies with --mixup ALPHA or --cutmix ALPHA"), std::string::npos)
      << run.output;
  run = run_ferlab("train --data x.ferpack --out " + dir / "run" + " --cutmix -1");
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("--cutmix"), std::string::npos) << run.output;
}

TEST(TrainCli, MissingDataFileIsNamedInTheError) {
  testing::TempDir dir("cli-nodata");
  const auto run = run_ferlab("train --data " + dir / "missing.ferpack" + " --out " + dir / "run");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("missing.ferpack"), std::string::npos) << run.output;
}

// Planted-pattern faces as a FER-2013 CSV, with one row of 3 pixel values.
std::string csv_with_one_bad_row(const std::string& path) {
  const FaceDataset faces = testing::planted_pattern_dataset(/*per_class=*/4, /*seed=*/5);
  std::string text = "emotion,pixels,Usage\n";
  for (size_t i = 0; i < faces.size(); ++i) {
    text += std::to_string(faces.label(i)) + ",";
    for (int p = 0; p < kFacePixels; ++p) text += (p ? " " : "") + std::to_string(faces.image(i)[p]);
    text += faces.split(i) == Split::Train ? ",Training\n" : ",PublicTest\n";
  }
  text += "3,5 5 5,Training\n";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(TrainCli, SkippedCsvRowsAreReportedOnTheTerminalAndRecordedInTheCard) {
  testing::TempDir dir("cli-skipped");
  const std::string csv = csv_with_one_bad_row(dir / "faces.csv");
  const auto run = run_ferlab("--threads 1 train --model cnn --data " + csv + " --out " + dir / "run" +
                              " --epochs 1 --batch-size 8 --workers 0");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("warning: skipped 1 bad item in " + csv), std::string::npos) << run.output;
  std::ifstream card_file(dir / "run/best.json");
  const auto card = nlohmann::json::parse(card_file);
  EXPECT_EQ(card.at("training").at("skipped_items").at(csv), 1) << card.dump(2);
}

TEST(TrainCli, ModelOptionThatIsNotUtf8IsAClearErrorNotAJsonException) {
  testing::TempDir dir("cli-utf8");
  const auto run = run_ferlab("train --model resemotenet --data x.ferpack --out " + dir / "run" +
                              " --model-option 'width=\xff'");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("option 'width' of architecture 'resemotenet' must be a number, got \"\xEF\xBF\xBD\""),
            std::string::npos)
      << run.output;
}

}  // namespace
}  // namespace ferlab
