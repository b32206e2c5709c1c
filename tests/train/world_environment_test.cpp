#include "train/world_environment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "support/error_of.hpp"

namespace ferlab {
namespace {

EnvironmentLookup lookup_in(const std::map<std::string, std::string>& variables) {
  return [variables](const char* name) -> const char* {
    const auto it = variables.find(name);
    return it == variables.end() ? nullptr : it->second.c_str();
  };
}

TEST(WorldEnvironment, NoVariablesMeansASingleProcess) {
  EXPECT_FALSE(world_from_environment(lookup_in({})));
  // A Slurm job step without MASTER_ADDR is an ordinary single-process run.
  EXPECT_FALSE(world_from_environment(lookup_in({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}})));
}

TEST(WorldEnvironment, ReadsTorchrunsVariables) {
  const auto w = world_from_environment(lookup_in({{"WORLD_SIZE", "4"}, {"RANK", "3"}, {"LOCAL_RANK", "1"},
                                                   {"MASTER_ADDR", "node1"}, {"MASTER_PORT", "29500"}}));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->world_size, 4);
  EXPECT_EQ(w->rank, 3);
  EXPECT_EQ(w->local_rank, 1);
  EXPECT_EQ(w->master_addr, "node1");
  EXPECT_EQ(w->master_port, 29500);
  EXPECT_EQ(w->launcher, "torchrun");
  EXPECT_FALSE(w->is_main());
}

TEST(WorldEnvironment, ReadsSlurmsVariablesWhenTheJobScriptSetsMasterAddr) {
  const auto w = world_from_environment(lookup_in({{"SLURM_NTASKS", "8"}, {"SLURM_PROCID", "5"}, {"SLURM_LOCALID", "1"},
                                                   {"MASTER_ADDR", "10.0.0.1"}, {"MASTER_PORT", "29400"}}));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->world_size, 8);
  EXPECT_EQ(w->rank, 5);
  EXPECT_EQ(w->local_rank, 1);
  EXPECT_EQ(w->launcher, "slurm");
}

TEST(WorldEnvironment, MissingMasterAddressIsAUsageErrorNamingTheVariable) {
  const std::string error = test::error_of<UsageError>(
      [] { world_from_environment(lookup_in({{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "29500"}})); });
  EXPECT_NE(error.find("MASTER_ADDR is not set"), std::string::npos) << error;
}

TEST(WorldEnvironment, RankOutsideTheWorldIsAUsageError) {
  const std::string error = test::error_of<UsageError>([] {
    world_from_environment(lookup_in(
        {{"WORLD_SIZE", "2"}, {"RANK", "2"}, {"MASTER_ADDR", "127.0.0.1"}, {"MASTER_PORT", "29500"}}));
  });
  EXPECT_NE(error.find("RANK='2': expected an integer in [0, 1]"), std::string::npos) << error;
}

}  // namespace
}  // namespace ferlab
