#pragma once
// The Live panel's stand-in for a file dialog (Dear ImGui has none): what in
// one folder can be opened as a live source. Plain data, no ImGui, so that the
// listing is tested without a window.
#include <string>
#include <vector>

namespace ferlab::app {

struct BrowseEntry {
  enum class Kind { Parent, Folder, Video, Image };
  Kind kind = Kind::Folder;
  std::string name;  // as shown: "..", "clips/", "walk.mp4"
  std::string path;
};

struct BrowseListing {
  std::string folder;
  std::vector<BrowseEntry> entries;  // "..", then folders, then videos and images, each by name
  size_t images = 0;                 // images directly in `folder`: it can be opened as an image folder
  bool truncated = false;            // more than kMaxBrowseEntries; the rest is left out
};

constexpr size_t kMaxBrowseEntries = 300;

// The folder `typed` names, or the one holding the file (or the half-typed
// name) it names, else `fallback`. Hidden entries and other files are left out.
BrowseListing list_openable(const std::string& typed, const std::string& fallback);

}  // namespace ferlab::app
