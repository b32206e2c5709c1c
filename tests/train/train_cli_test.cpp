#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "planted_patterns.hpp"

namespace ferlab {
namespace {

struct CliRun {
  int status = -1;
  std::string output;  // stdout and stderr
};

CliRun run_ferlab(const std::string& args) {
  CliRun run;
  FILE* pipe = ::popen((std::string(FERLAB_BINARY) + " " + args + " 2>&1").c_str(), "r");
  if (!pipe) return run;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) run.output.append(buf, n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST(TrainCli, RefusesAnExistingRunDirectoryWithoutResume) {
  testing::TempDir dir("cli-existing");
  std::ofstream(dir / "log.csv") << "epoch\n";
  const auto run = run_ferlab("train --model cnn --data /nonexistent.ferpack --out " + dir / "");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("ferlab: error: run directory"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--resume"), std::string::npos) << run.output;
}

TEST(TrainCli, UnknownBalanceIsAUsageError) {
  testing::TempDir dir("cli-balance");
  const auto run = run_ferlab("train --data x.ferpack --out " + dir / "run" + " --balance smote");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("unknown --balance 'smote'"), std::string::npos) << run.output;
}

TEST(TrainCli, MissingDataFileIsNamedInTheError) {
  testing::TempDir dir("cli-nodata");
  const auto run = run_ferlab("train --data " + dir / "missing.ferpack" + " --out " + dir / "run");
  EXPECT_EQ(run.status, 1) << run.output;
  EXPECT_NE(run.output.find("missing.ferpack"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace ferlab
