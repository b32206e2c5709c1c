#include "vision/batch_inputs.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/text.hpp"
#include "vision/frame_source.hpp"

namespace fs = std::filesystem;

namespace ferlab {

namespace {

bool is_of_kind(const std::string& path, MediaKind kind) {
  return kind == MediaKind::Video ? is_video_file(path) : is_image_file(path);
}

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return !name.empty() && name[0] == '.';
}

std::string kind_name(MediaKind kind) { return kind == MediaKind::Video ? "video" : "image"; }

}  // namespace

BatchInputs collect_batch_inputs(const std::vector<std::string>& arguments, MediaKind kind) {
  BatchInputs inputs;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    if (!fs::is_directory(argument, ec)) {
      inputs.files.push_back(argument);
      inputs.folders.emplace_back();
      continue;
    }
    std::vector<std::string> found;
    size_t skipped_here = 0;
    fs::recursive_directory_iterator it(argument, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (is_hidden(it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(ec)) continue;
      const std::string path = it->path().string();
      if (is_of_kind(path, kind)) {
        found.push_back(path);
      } else {
        inputs.skipped.push_back(path);
        ++skipped_here;
      }
    }
    std::sort(found.begin(), found.end());
    if (found.empty())
      inputs.empty_folders.push_back(argument + ": no " + kind_name(kind) + " files in this folder" +
                                     (skipped_here ? " (" + std::to_string(skipped_here) + " other files)" : ""));
    for (std::string& path : found) {
      inputs.files.push_back(std::move(path));
      inputs.folders.push_back(argument);
    }
  }
  return inputs;
}

bool is_batch(const std::vector<std::string>& arguments) {
  std::error_code ec;
  return arguments.size() != 1 || fs::is_directory(arguments.front(), ec);
}

std::vector<std::string> annotated_copy_paths(const BatchInputs& inputs, const std::string& out_folder, MediaKind kind) {
  std::vector<std::string> paths;
  std::set<std::string> taken;
  for (size_t i = 0; i < inputs.files.size(); ++i) {
    const fs::path file(inputs.files[i]);
    fs::path relative = inputs.folders[i].empty() ? file.filename() : file.lexically_relative(inputs.folders[i]);
    const std::string ext = file_extension_lower(file.string());
    const bool keeps_extension =
        kind == MediaKind::Video ? ext == ".mp4" || ext == ".avi" : ext == ".png" || ext == ".jpg" || ext == ".jpeg";
    if (!keeps_extension) relative.replace_extension(kind == MediaKind::Video ? ".mp4" : ".png");
    const fs::path base = fs::path(out_folder) / relative;
    fs::path candidate = base;
    for (int n = 2; taken.count(candidate.string()); ++n)
      candidate = base.parent_path() / (base.stem().string() + "-" + std::to_string(n) + base.extension().string());
    taken.insert(candidate.string());
    paths.push_back(candidate.string());
  }
  return paths;
}

}  // namespace ferlab
