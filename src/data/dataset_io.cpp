// Choosing a loader by what the path is, and the class-distribution report.
#include "data/dataset_io.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "data/packed_layout.hpp"

namespace ferlab {
namespace fs = std::filesystem;

DatasetFormat detect_dataset_format(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) throw DataError("no such file or directory: " + path);
  if (fs::is_directory(path, ec)) return DatasetFormat::Folders;
  const std::string extension = file_extension_lower(path);
  if (extension == ".csv") return DatasetFormat::Csv;
  // Packed files are recognised by content, so a renamed pack still loads.
  std::ifstream in(path, std::ios::binary);
  std::string magic(sizeof detail::kPackedMagic, '\0');
  in.read(magic.data(), static_cast<std::streamsize>(magic.size()));
  magic.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  if (detail::has_packed_magic(magic)) return DatasetFormat::Packed;
  throw DataError(path + ": unrecognised dataset: expected a folder of class folders, a .csv file or a "
                         ".ferpack file");
}

const char* dataset_format_name(DatasetFormat format) {
  switch (format) {
    case DatasetFormat::Folders: return "folders";
    case DatasetFormat::Csv: return "csv";
    case DatasetFormat::Packed: return "packed";
  }
  return "unknown";
}

FaceDataset load_dataset(const std::string& path, const LoadOptions& options, LoadReport* report) {
  switch (detect_dataset_format(path)) {
    case DatasetFormat::Folders:
#if FERLAB_WITH_OPENCV
      return load_folders(path, options, report);
#else
      throw DataError(path + ": this ferlab was built without OpenCV (-DFERLAB_WITH_OPENCV=OFF) and cannot decode "
                             "image folders; pack them with `ferlab data pack` on a full build and pass the .ferpack");
#endif
    case DatasetFormat::Csv: return load_csv(path, options, report);
    case DatasetFormat::Packed: break;
  }
  FaceDataset dataset = load_packed(path);
  if (report) *report = LoadReport{dataset.size(), 0, {}};
  return dataset;
}

namespace {

std::string with_thousands(size_t n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<size_t>(i), ",");
  return digits;
}

std::string format_split(const FaceDataset& dataset, Split split) {
  constexpr size_t kBarWidth = 30;
  const ClassCounts counts = dataset.class_counts(split);
  const size_t total = dataset.count(split);
  // Bars are scaled to the largest class so that imbalance is visible at a glance.
  const size_t largest = std::max<size_t>(*std::max_element(counts.begin(), counts.end()), 1);
  std::string out = std::string(split_name(split)) + ": " + with_thousands(total) + " faces\n";
  char line[160];
  for (int label = 0; label < kNumEmotions; ++label) {
    const size_t count = counts[static_cast<size_t>(label)];
    const double percent = total ? 100.0 * static_cast<double>(count) / static_cast<double>(total) : 0.0;
    const size_t bar = (count * kBarWidth + largest / 2) / largest;
    std::snprintf(line, sizeof line, "  %-9s %7s %5.1f%%  %s\n", emotion_name(label),
                  with_thousands(count).c_str(), percent, std::string(bar, '#').c_str());
    out += line;
  }
  return out;
}

}  // namespace

std::string format_class_distribution(const FaceDataset& dataset) {
  std::string out;
  for (int s = 0; s < kNumSplits; ++s) {
    const Split split = static_cast<Split>(s);
    if (dataset.count(split) == 0) continue;
    if (!out.empty()) out += "\n";
    out += format_split(dataset, split);
  }
  if (out.empty()) return "no faces\n";
  return out;
}

}  // namespace ferlab
