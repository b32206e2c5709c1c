// The software renderer's share of the cores: half of them unless the user chose.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include "app/gl/glfw_init.hpp"

namespace ferlab::app::testing {
namespace {

class SoftwareRenderer : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* value = std::getenv("LP_NUM_THREADS")) saved_ = value;
  }
  void TearDown() override {
    if (saved_.empty()) unsetenv("LP_NUM_THREADS");
    else setenv("LP_NUM_THREADS", saved_.c_str(), 1);
  }
  std::string saved_;
};

TEST_F(SoftwareRenderer, GetsHalfTheHardwareThreadsAndLeavesTheRestToTheAnalysis) {
  unsetenv("LP_NUM_THREADS");
  share_cores_with_software_renderer();
  ASSERT_NE(std::getenv("LP_NUM_THREADS"), nullptr);
  EXPECT_EQ(std::string(std::getenv("LP_NUM_THREADS")),
            std::to_string(std::max(1u, std::thread::hardware_concurrency() / 2)));
}

TEST_F(SoftwareRenderer, AUsersOwnSettingStands) {
  setenv("LP_NUM_THREADS", "3", 1);
  share_cores_with_software_renderer();
  EXPECT_EQ(std::string(std::getenv("LP_NUM_THREADS")), "3");
}

}  // namespace
}  // namespace ferlab::app::testing
