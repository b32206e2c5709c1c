#include "app/source_browser.hpp"

#include <algorithm>
#include <filesystem>

#include "vision/frame_source.hpp"

namespace fs = std::filesystem;

namespace ferlab::app {
namespace {

fs::path folder_meant(const std::string& typed, const std::string& fallback) {
  std::error_code ec;
  if (!typed.empty()) {
    const fs::path path(typed);
    if (fs::is_directory(path, ec)) return path;
    // A file, or a name being typed: its folder.
    if (path.has_parent_path() && fs::is_directory(path.parent_path(), ec)) return path.parent_path();
  }
  return fallback.empty() ? fs::current_path(ec) : fs::path(fallback);
}

}  // namespace

BrowseListing list_openable(const std::string& typed, const std::string& fallback) {
  BrowseListing listing;
  fs::path folder = folder_meant(typed, fallback);
  if (!folder.has_filename() && folder != folder.root_path()) folder = folder.parent_path();  // "clips/" is "clips"
  listing.folder = folder.string();
  std::vector<BrowseEntry> folders, files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, fs::directory_options::skip_permission_denied, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    const std::string path = entry.path().string();
    if (entry.is_directory(ec)) {
      folders.push_back({BrowseEntry::Kind::Folder, name + "/", path});
    } else if (is_image_file(path)) {
      ++listing.images;
      files.push_back({BrowseEntry::Kind::Image, name, path});
    } else if (is_video_file(path)) {
      files.push_back({BrowseEntry::Kind::Video, name, path});
    }
  }
  const auto by_name = [](const BrowseEntry& a, const BrowseEntry& b) { return a.name < b.name; };
  std::sort(folders.begin(), folders.end(), by_name);
  std::sort(files.begin(), files.end(), by_name);
  const fs::path parent = folder.parent_path();
  if (!parent.empty() && parent != folder) listing.entries.push_back({BrowseEntry::Kind::Parent, "..", parent.string()});
  listing.entries.insert(listing.entries.end(), folders.begin(), folders.end());
  listing.entries.insert(listing.entries.end(), files.begin(), files.end());
  if (listing.entries.size() > kMaxBrowseEntries) {
    listing.entries.resize(kMaxBrowseEntries);
    listing.truncated = true;
  }
  return listing;
}

}  // namespace ferlab::app
