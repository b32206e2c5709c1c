// The Live panel's folder browser: what it lists as openable, and which folder
// it lists for what is in the path box.
#include <gtest/gtest.h>

#include <fstream>

#include "app/source_browser.hpp"
#include "support/temp_dir.hpp"

namespace ferlab::app {
namespace {

std::vector<std::string> names(const BrowseListing& listing) {
  std::vector<std::string> out;
  for (const auto& e : listing.entries) out.push_back(e.name);
  return out;
}

class SourceBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.file("clips"));
    std::filesystem::create_directories(dir_.file(".cache"));
    for (const char* name : {"walk.mp4", "b.png", "A.JPG", "notes.txt", ".hidden.png"}) std::ofstream(dir_.file(name)) << "x";
  }
  test::TempDir dir_{"browser"};
};

TEST_F(SourceBrowser, ListsFoldersThenVideosAndImagesLeavingOutOtherAndHiddenFiles) {
  const BrowseListing listing = list_openable(dir_.path().string(), "");
  EXPECT_EQ(listing.folder, dir_.path().string());
  EXPECT_EQ(names(listing), (std::vector<std::string>{"..", "clips/", "A.JPG", "b.png", "walk.mp4"}));
  EXPECT_EQ(listing.images, 2u);
  EXPECT_EQ(listing.entries[0].kind, BrowseEntry::Kind::Parent);
  EXPECT_EQ(listing.entries[0].path, dir_.path().parent_path().string());
  EXPECT_EQ(listing.entries[1].kind, BrowseEntry::Kind::Folder);
  EXPECT_EQ(listing.entries[4].kind, BrowseEntry::Kind::Video);
  EXPECT_FALSE(listing.truncated);
}

TEST_F(SourceBrowser, ListsTheFolderOfAFileAHalfTypedNameOrATrailingSlash) {
  for (const std::string& typed : {dir_.file("walk.mp4"), dir_.file("wa"), dir_.path().string() + "/"}) {
    const BrowseListing listing = list_openable(typed, "");
    EXPECT_EQ(listing.folder, dir_.path().string()) << typed;
    ASSERT_FALSE(listing.entries.empty());
    EXPECT_EQ(listing.entries[0].path, dir_.path().parent_path().string()) << typed;
  }
}

TEST_F(SourceBrowser, ACameraOrNothingTypedListsTheFallback) {
  EXPECT_EQ(list_openable("webcam:0", dir_.file("clips")).folder, dir_.file("clips"));
  EXPECT_EQ(list_openable("", dir_.file("clips")).folder, dir_.file("clips"));
  EXPECT_EQ(list_openable(dir_.file("clips"), "").entries.size(), 1u) << "an empty folder: only ..";
}

}  // namespace
}  // namespace ferlab::app
