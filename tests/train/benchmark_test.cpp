#include <gtest/gtest.h>

#include "core/atomic_file.hpp"
#include "core/markdown_section.hpp"
#include "planted_patterns.hpp"
#include "train/benchmark.hpp"

namespace ferlab {
namespace {

TEST(BenchmarkMarkdown, ReplacesOnlyItsOwnSection) {
  testing::TempDir dir("bench-md");
  const std::string path = dir / "BENCHMARKS.md";
  write_text_atomically(path, std::string("# Benchmarks\n\nIntro.\n\n") + kModelBenchmarkHeading +
                                  "\n\nold table\n\n## Live pipeline\n\npipeline numbers\n");
  replace_markdown_section(path, kModelBenchmarkHeading, std::string(kModelBenchmarkHeading) + "\n\nnew table\n\n");
  EXPECT_EQ(read_text_file(path), std::string("# Benchmarks\n\nIntro.\n\n") + kModelBenchmarkHeading +
                                      "\n\nnew table\n\n## Live pipeline\n\npipeline numbers\n");
}

TEST(BenchmarkMarkdown, AppendsTheSectionWhenAbsentAndCreatesTheFile) {
  testing::TempDir dir("bench-md-new");
  const std::string path = dir / "BENCHMARKS.md";
  replace_markdown_section(path, "## Mine", "## Mine\n\nx\n");
  EXPECT_EQ(read_text_file(path), "# Benchmarks\n\n## Mine\n\nx\n");
  write_text_atomically(path, "# Benchmarks\n\n## Live pipeline\n\np\n");
  replace_markdown_section(path, "## Mine", "## Mine\n\nx\n");
  EXPECT_EQ(read_text_file(path), "# Benchmarks\n\n## Live pipeline\n\np\n\n## Mine\n\nx\n");
}

// The budget for the live model is stated in MACs, so the table shows them.
TEST(BenchmarkTable, ShowsEachModelsMultiplyAccumulatesPerFace) {
  BenchmarkReport report;
  ArchBenchmark cnn;
  cnn.arch = "cnn";
  cnn.options = nlohmann::json::object();
  cnn.parameters = 1469543;
  cnn.macs = 86'800'000;
  report.models.push_back(cnn);
  const std::string table = format_benchmark_table(report);
  EXPECT_NE(table.find("| MACs per face |"), std::string::npos) << table;
  EXPECT_NE(table.find("| 1469543 | 86.8 M |"), std::string::npos) << table;
}

}  // namespace
}  // namespace ferlab
