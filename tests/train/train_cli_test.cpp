#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "planted_patterns.hpp"
#include "support/run_ferlab.hpp"

namespace ferlab {
namespace {

using test::run_ferlab;

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

TEST(TrainCli, MissingDataFileIsNamedInTheError) {
  testing::TempDir dir("cli-nodata");
  const auto run = run_ferlab("train --data " + dir / "missing.ferpack" + " --out " + dir / "run");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("missing.ferpack"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace ferlab
