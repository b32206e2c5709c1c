#pragma once
// Loading FER-2013 in its published forms (original CSV, class folders) and in
// FERLab's own packed binary form, with every bad item reported, never silent.
// The packed byte layout is documented in docs/DATA_FORMAT.md.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/face_dataset.hpp"

namespace ferlab {

struct LoadOptions {
  bool strict = false;  // any bad item is an error (DataError) instead of being skipped
  // Called now and then while loading CSV rows or decoding images (done <= total).
  std::function<void(size_t done, size_t total)> progress;
};

struct LoadReport {
  size_t loaded = 0;
  size_t skipped = 0;
  std::vector<std::string> problems;  // one line per bad item: "<file>[:row]: <what is wrong>"
};

// Original CSV: header `emotion,pixels,Usage` (Usage optional -> Train).
FaceDataset load_csv(const std::string& path, const LoadOptions& options = {}, LoadReport* report = nullptr);

// Folder layout: `root/train/<class>/*.jpg` and `root/test/<class>/*.jpg`, or a
// single split folder `root/<class>/*.jpg` whose split is `split_if_flat`.
FaceDataset load_folders(const std::string& root, const LoadOptions& options = {},
                         LoadReport* report = nullptr, Split split_if_flat = Split::Train);

// Packed file written by save_packed (".ferpack"); no OpenCV needed to read it.
void save_packed(const FaceDataset& dataset, const std::string& path);  // atomic
FaceDataset load_packed(const std::string& path);

// Any of the above, chosen by what `path` is (directory, *.csv, packed file).
FaceDataset load_dataset(const std::string& path, const LoadOptions& options = {}, LoadReport* report = nullptr);

enum class DatasetFormat { Folders, Csv, Packed };
// What load_dataset would read `path` as; throws DataError for a missing path or
// a file that is none of the three.
DatasetFormat detect_dataset_format(const std::string& path);
const char* dataset_format_name(DatasetFormat format);  // "folders", "csv", "packed"

// Per split: count and share of each class in canonical order, with a text bar.
std::string format_class_distribution(const FaceDataset& dataset);

}  // namespace ferlab
