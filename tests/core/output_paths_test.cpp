#include "core/output_paths.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "support/error_of.hpp"
#include "support/small_disk.hpp"
#include "support/temp_dir.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

TEST(OutputPaths, OutputThatIsAnInputThroughASymlinkIsRefused) {
  const TempDir dir("out-symlink");
  std::ofstream(dir / "data.csv") << "emotion,pixels\n";
  fs::create_symlink(dir / "data.csv", dir / "link.csv");
  const std::string message = test::error_of<UsageError>([&] { refuse_output_over_inputs("--out", dir / "link.csv", {dir / "data.csv"}); });
  EXPECT_NE(message.find("--out " + dir / "link.csv" + " is also an input (" + dir / "data.csv" + ")"), std::string::npos)
      << message;
}

TEST(OutputPaths, OutputThatIsAnInputThroughAHardLinkOrDotsIsRefused) {
  const TempDir dir("out-hardlink");
  std::ofstream(dir / "data.csv") << "x";
  fs::create_hard_link(dir / "data.csv", dir / "other.csv");
  fs::create_directories(dir / "sub");
  EXPECT_NE(test::error_of<UsageError>([&] { refuse_output_over_inputs("--json", dir / "other.csv", {dir / "data.csv"}); }),
            "(no such error)");
  EXPECT_NE(test::error_of<UsageError>([&] { refuse_output_over_inputs("--json", dir / "sub/../data.csv", {dir / "data.csv"}); }),
            "(no such error)");
}

TEST(OutputPaths, OutputInsideAnInputFolderIsRefusedAndASiblingIsNot) {
  const TempDir dir("out-inside");
  fs::create_directories(dir / "fer/train/happy");
  const std::string message =
      test::error_of<UsageError>([&] { refuse_output_over_inputs("--json", dir / "fer/train/stats.json", {dir / "fer"}); });
  EXPECT_NE(message.find("lies inside the input folder " + dir / "fer"), std::string::npos) << message;
  // "fer2" starts with "fer" but is not inside it.
  EXPECT_NO_THROW(refuse_output_over_inputs("--json", dir / "fer2/stats.json", {dir / "fer"}));
  EXPECT_NO_THROW(refuse_output_over_inputs("--json", dir / "stats.json", {dir / "fer", ""}));
}

TEST(OutputPaths, FolderOutputAndFileAboveTheOutputAreRefusedNamingTheCause) {
  const TempDir dir("out-kind");
  fs::create_directories(dir / "existing");
  std::ofstream(dir / "plain") << "x";
  std::string message = test::error_of<UsageError>([&] { check_output_file("--out", dir / "existing"); });
  EXPECT_NE(message.find("--out " + dir / "existing" + " is a folder"), std::string::npos) << message;
  message = test::error_of<UsageError>([&] { check_output_file("--out", dir / "plain/below/x.ferpack"); });
  EXPECT_NE(message.find(dir / "plain" + " is a file, not a folder"), std::string::npos) << message;
  EXPECT_NO_THROW(check_output_file("--out", dir / "new/deeper/x.ferpack"));
  EXPECT_TRUE(fs::is_empty(dir.path() / "existing"));  // the write probe leaves nothing behind
}

TEST(OutputPaths, ReadOnlyFolderIsRefusedWithTheSystemsReason) {
  const test::SmallDisk disk("64k", /*read_only=*/true);
  if (!disk.mounted()) GTEST_SKIP() << "mounting a read-only tmpfs needs root";
  const std::string message = test::error_of<UsageError>([&] { check_output_file("--out", disk / "x.ferpack"); });
  EXPECT_NE(message.find("Read-only file system"), std::string::npos) << message;
}

}  // namespace
}  // namespace ferlab
