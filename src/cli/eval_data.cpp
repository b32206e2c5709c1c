#include "cli/eval_data.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/errors.hpp"
#include "core/progress_bar.hpp"
#include "data/dataset_io.hpp"
#include "data/ferplus.hpp"

namespace ferlab::cli {

const char* const kTtaHelp =
    "Test-time augmentation: none, flip (average with the mirror image, 2x cost) or "
    "tencrop (4 corner + center 44x44 crops and their mirrors, 10x cost)";

namespace {

// Evenly spaced rather than the first N: folder datasets are sorted by class,
// so a prefix would hold one emotion only.
FaceDataset spread_subset(const FaceDataset& dataset, size_t max_samples) {
  if (max_samples == 0 || max_samples >= dataset.size()) return dataset;
  std::vector<size_t> indices(max_samples);
  for (size_t k = 0; k < max_samples; ++k) indices[k] = k * dataset.size() / max_samples;
  return dataset.subset(indices);
}

std::string split_counts(const FaceDataset& dataset) {
  std::string out;
  for (int s = 0; s < kNumSplits; ++s) {
    const auto split = static_cast<Split>(s);
    out += (s ? ", " : "") + std::to_string(dataset.count(split)) + " " + std::string(split_name(split));
  }
  return out;
}

// A class-folder root holds every split; decoding only the one asked for saves
// reading the 28,709 training images to score the 3,589 test ones. Sources stay
// relative to the root ("test/happy/x.jpg") either way.
FaceDataset load_split_source(const std::string& path, Split split, LoadReport& report) {
  std::unique_ptr<ProgressBar> bar;
  LoadOptions options;
  options.progress = [&](size_t done, size_t total) {
    // Created on the first call, when the total is known.
    if (!bar) bar = std::make_unique<ProgressBar>("loading " + std::string(split_name(split)), total, "img");
    bar->update(done);
  };
  const std::filesystem::path split_dir = std::filesystem::path(path) / std::string(split_name(split));
  if (!std::filesystem::is_directory(split_dir)) return load_dataset(path, options, &report);
  const FaceDataset faces = load_folders(split_dir.string(), options, &report, split);
  if (bar) bar->finish();
  FaceDataset rooted;
  rooted.reserve(faces.size());
  const std::string prefix = std::string(split_name(split)) + "/";
  for (size_t i = 0; i < faces.size(); ++i) rooted.add(faces.image(i), faces.label(i), split, prefix + faces.source(i));
  return rooted;
}

}  // namespace

Tta parse_tta(const std::string& name) {
  if (auto tta = tta_from_name(name)) return *tta;
  throw UsageError("unknown --tta '" + name + "' (expected none, flip or tencrop)");
}

Split parse_split(const std::string& name) {
  if (auto split = split_from_name(name)) return *split;
  throw UsageError("unknown --split '" + name + "' (expected test, train or private)");
}

FaceDataset load_eval_split(const std::string& data, Split split, size_t max_samples) {
  if (!std::filesystem::exists(data)) throw DataError("data path " + data + " does not exist");
  LoadReport report;
  const FaceDataset all = load_split_source(data, split, report);
  if (report.skipped > 0)
    std::fprintf(stderr, "warning: skipped %zu bad item(s) in %s, first: %s\n", report.skipped, data.c_str(),
                 report.problems.front().c_str());
  FaceDataset dataset = spread_subset(all.subset(split), max_samples);
  if (dataset.empty())
    throw DataError("split '" + std::string(split_name(split)) + "' of " + data + " is empty (it has " +
                    split_counts(all) + ")");
  return dataset;
}

void add_label_options(CLI::App& cmd, LabelChoice& choice) {
  cmd.add_option("--labels", choice.labels,
                 "Ground truth: fer2013 (the folder/CSV labels) or ferplus (the FER+ majority vote; faces whose "
                 "majority is a tie, contempt, unknown or not-a-face are left out and counted)")
      ->check(CLI::IsMember({"fer2013", "ferplus"}))
      ->capture_default_str();
  cmd.add_option("--ferplus", choice.ferplus_path,
                 "FER+ votes CSV (file,neutral,...,NF; file relative to the data root); default: ferplus.csv "
                 "at the data root")
      ->type_name("FILE");
}

void check_label_choice(const LabelChoice& choice) {
  if (!choice.ferplus_path.empty() && choice.labels != "ferplus")
    throw UsageError("--ferplus FILE only applies with --labels ferplus");
}

FaceDataset with_chosen_labels(const FaceDataset& dataset, const LabelChoice& choice, const std::string& data,
                               nlohmann::json& report) {
  if (choice.labels != "ferplus") return dataset;
  const std::string path = ferplus_csv_for(choice.ferplus_path, data, "--labels ferplus");
  const FerPlusRelabelled r = relabel_with_ferplus(dataset, load_ferplus_csv(path));
  std::printf("labels:  FER+ majority from %s: %zu faces kept (%zu relabelled), %zu left out: %zu without a row, "
              "%zu ties, %zu contempt, %zu unknown, %zu not a face, %zu without votes\n",
              path.c_str(), r.dataset.size(), r.changed, r.left_out(), r.missing, r.tie, r.contempt, r.unknown,
              r.not_face, r.no_votes);
  if (r.dataset.empty()) throw DataError(path + ": no face of the split has a FER+ majority label");
  report["ferplus"] = {{"file", path},      {"kept", r.dataset.size()},   {"relabelled", r.changed},
                       {"no_row", r.missing}, {"tie", r.tie},              {"contempt", r.contempt},
                       {"unknown", r.unknown}, {"not_face", r.not_face},   {"no_votes", r.no_votes}};
  return r.dataset;
}

}  // namespace ferlab::cli
