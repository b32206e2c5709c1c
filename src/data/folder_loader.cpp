// FER-2013 as most people download it: one folder per split, one per class.
// Class folders are mapped by name, never by position: the alphabetical folder
// order (angry, disgust, fear, happy, neutral, sad, surprise) is not FER-2013's.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data/face_image.hpp"
#include "data/problem_log.hpp"

namespace ferlab {
namespace {
namespace fs = std::filesystem;

struct ImageJob {
  fs::path path;
  std::string source;  // relative to the root
  int label = 0;
  Split split = Split::Train;
};

std::string class_names_list() {
  std::string out;
  for (const std::string_view name : emotion_names()) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// Sorted so that the same folder always loads in the same order.
std::vector<fs::directory_entry> sorted_entries(const fs::path& dir) {
  std::vector<fs::directory_entry> entries;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    // Dot files are OS metadata (.DS_Store, macOS "._name" forks in zips), never faces.
    if (entry.path().filename().string().front() == '.') continue;
    entries.push_back(entry);
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path().filename() < b.path().filename(); });
  return entries;
}

std::string relative_source(const fs::path& path, const fs::path& root) {
  return path.lexically_relative(root).generic_string();
}

void collect_class_folder(const fs::path& dir, int label, Split split, const fs::path& root,
                          detail::ProblemLog& problems, std::vector<ImageJob>& jobs) {
  size_t files = 0;
  for (const fs::directory_entry& entry : sorted_entries(dir)) {
    if (!entry.is_regular_file()) {
      problems.skip(entry.path().string() + ": not an image file (nested folders are not read), skipped");
      continue;
    }
    ++files;
    jobs.push_back({entry.path(), relative_source(entry.path(), root), label, split});
  }
  if (files == 0) problems.skip(dir.string() + ": empty class folder");
}

// Reads `dir`'s class folders; unknown folders are reported, and so are loose
// files unless `dir` is the dataset's root, where READMEs and licences belong.
void collect_split_folder(const fs::path& dir, Split split, const fs::path& root, detail::ProblemLog& problems,
                          std::vector<ImageJob>& jobs) {
  std::vector<std::pair<int, fs::path>> classes;
  for (const fs::directory_entry& entry : sorted_entries(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory()) {
      if (dir != root) problems.skip(entry.path().string() + ": not inside a class folder, skipped");
      continue;
    }
    const std::optional<int> label = emotion_from_name(name);
    if (!label) {
      problems.skip(entry.path().string() + ": unknown class folder '" + name + "' (expected one of " +
                    class_names_list() + "), skipped");
      continue;
    }
    classes.emplace_back(*label, entry.path());
  }
  // Canonical class order, then name: the output order does not depend on folder spelling.
  std::stable_sort(classes.begin(), classes.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [label, path] : classes) collect_class_folder(path, label, split, root, problems, jobs);
}

struct Decoded {
  std::vector<uint8_t> pixels;
  std::vector<std::string> errors;  // empty string: decoded; else the message, naming the file
};

// Decodes on every core; each job writes only its own slot, so the result's
// order is the jobs' order whatever the thread timing.
Decoded decode_all(const std::vector<ImageJob>& jobs, const LoadOptions& options) {
  Decoded decoded;
  decoded.pixels.resize(jobs.size() * kFacePixels);
  decoded.errors.resize(jobs.size());
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  const auto work = [&](bool report_progress) {
    auto last_report = std::chrono::steady_clock::now();
    for (size_t i = next++; i < jobs.size(); i = next++) {
      try {
        const FaceImage face = load_face_image(jobs[i].path.string());
        std::copy(face.begin(), face.end(), decoded.pixels.begin() + static_cast<std::ptrdiff_t>(i * kFacePixels));
      } catch (const DataError& e) {
        decoded.errors[i] = e.what();
      } catch (const std::exception& e) {
        // Anything escaping a worker thread would end the process.
        decoded.errors[i] = jobs[i].path.string() + ": cannot decode image: " + e.what();
      }
      ++done;
      if (report_progress && std::chrono::steady_clock::now() - last_report > std::chrono::milliseconds(100)) {
        options.progress(done, jobs.size());
        last_report = std::chrono::steady_clock::now();
      }
    }
  };
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const size_t threads = std::min<size_t>(cores, std::max<size_t>(jobs.size(), 1));
  // Lets a progress display start its clock before the work does.
  if (options.progress) options.progress(0, jobs.size());
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back(work, false);
  // Only the calling thread reports, so the callback never runs concurrently.
  work(static_cast<bool>(options.progress));
  for (std::thread& worker : workers) worker.join();
  if (options.progress) options.progress(jobs.size(), jobs.size());
  return decoded;
}

}  // namespace

FaceDataset load_folders(const std::string& root_name, const LoadOptions& options, LoadReport* report,
                         Split split_if_flat) {
  detail::ProblemLog problems(options, report);
  const fs::path root(root_name);
  std::error_code ec;
  if (!fs::exists(root, ec)) throw DataError("no such file or directory: " + root_name);
  if (!fs::is_directory(root, ec)) throw DataError(root_name + ": not a folder");

  std::vector<std::pair<Split, fs::path>> split_dirs;
  bool has_class_dirs = false;
  for (const fs::directory_entry& entry : sorted_entries(root)) {
    if (!entry.is_directory()) continue;  // README, licence files beside the splits
    const std::string name = entry.path().filename().string();
    if (const std::optional<Split> split = split_from_name(name)) split_dirs.emplace_back(*split, entry.path());
    if (emotion_from_name(name)) has_class_dirs = true;
  }

  std::vector<ImageJob> jobs;
  if (!split_dirs.empty()) {
    for (const fs::directory_entry& entry : sorted_entries(root)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_directory() && !split_from_name(name))
        problems.skip(entry.path().string() + ": unknown split folder '" + name +
                      "' (expected train, test, val or private), skipped");
    }
    std::stable_sort(split_dirs.begin(), split_dirs.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [split, dir] : split_dirs) collect_split_folder(dir, split, root, problems, jobs);
  } else if (has_class_dirs) {
    collect_split_folder(root, split_if_flat, root, problems, jobs);
  } else {
    throw DataError(root_name + ": no split folders (train, test, val, private) and no class folders (" +
                    class_names_list() + ")");
  }

  const Decoded decoded = decode_all(jobs, options);
  FaceDataset dataset;
  dataset.reserve(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!decoded.errors[i].empty()) {
      problems.skip(decoded.errors[i]);
      continue;
    }
    dataset.add(decoded.pixels.data() + i * kFacePixels, jobs[i].label, jobs[i].split, jobs[i].source);
  }
  problems.set_loaded(dataset.size());
  return dataset;
}

}  // namespace ferlab
