// `ferlab data pack`, `data stats` and `data duplicates`: argument parsing and reporting
// around the data module's loaders.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/duplicate_faces.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "core/output_paths.hpp"
#include "core/progress_bar.hpp"
#include "data/blank_faces.hpp"
#include "data/dataset_io.hpp"
#include "data/sharpness.hpp"

namespace ferlab::cli {
namespace {

constexpr size_t kProblemsShown = 5;
constexpr size_t kSmallestLoadWithBar = 2000;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Loads any dataset form with a progress bar on stderr and a summary on stdout.
FaceDataset load_with_summary(const std::string& path, bool strict, bool verbose, LoadReport& report) {
  const DatasetFormat format = detect_dataset_format(path);
  std::printf("loading %s (%s)\n", path.c_str(), dataset_format_name(format));
  std::fflush(stdout);

  std::unique_ptr<ProgressBar> bar;
  LoadOptions options;
  options.strict = strict;
  options.progress = [&](size_t done, size_t total) {
    // Small loads are over before a bar could tell anything.
    if (total < kSmallestLoadWithBar || done >= total) return;
    // Created on the first call: only then is the total known.
    if (!bar) bar = std::make_unique<ProgressBar>("loading", total, format == DatasetFormat::Csv ? "row" : "img");
    bar->update(done);
  };
  const auto start = std::chrono::steady_clock::now();
  FaceDataset dataset = load_dataset(path, options, &report);
  if (bar) bar->finish();

  std::printf("loaded %zu faces, skipped %zu bad item%s in %.2f s\n", dataset.size(), report.skipped,
              report.skipped == 1 ? "" : "s", seconds_since(start));
  const size_t shown = verbose ? report.problems.size() : std::min(report.problems.size(), kProblemsShown);
  for (size_t i = 0; i < shown; ++i) std::printf("  skipped %s\n", report.problems[i].c_str());
  if (shown < report.problems.size())
    std::printf("  ... and %zu more (see --verbose for all)\n", report.problems.size() - shown);
  return dataset;
}

std::string megabytes(uintmax_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

// Blank images load without error, so the load summary cannot name them: a line of their own.
void report_blank_faces(const FaceDataset& dataset, const std::vector<size_t>& blank, bool verbose) {
  std::printf("\n%zu blank or constant image%s (grey-level standard deviation under %.1f): not faces, kept in the data\n",
              blank.size(), blank.size() == 1 ? "" : "s", kBlankMaxSpread);
  const size_t shown = verbose ? blank.size() : std::min(blank.size(), kProblemsShown);
  for (size_t k = 0; k < shown; ++k)
    std::printf("  %s (%s)\n", dataset.source(blank[k]).c_str(), emotion_name(dataset.label(blank[k])));
  if (shown < blank.size()) std::printf("  ... and %zu more (see --verbose for all)\n", blank.size() - shown);
  // How close the rule came to calling a face blank: the margin a user can judge the threshold by.
  std::optional<size_t> least_varied;
  double least_spread = 0;
  for (size_t i = 0; i < dataset.size(); ++i) {
    if (std::binary_search(blank.begin(), blank.end(), i)) continue;
    const double spread = grey_level_spread(dataset.image(i));
    if (!least_varied || spread < least_spread) least_varied = i, least_spread = spread;
  }
  if (least_varied)
    std::printf("  least varied image kept as a face: %s (standard deviation %.1f)\n",
                dataset.source(*least_varied).c_str(), least_spread);
}

nlohmann::json stats_json(const std::string& path, const FaceDataset& dataset, const LoadReport& report,
                          const SharpnessBySplit& sharpness, const std::vector<size_t>& blank) {
  nlohmann::json blank_files = nlohmann::json::array();
  for (const size_t i : blank) blank_files.push_back(dataset.source(i));
  nlohmann::json splits = nlohmann::json::object();
  for (int s = 0; s < kNumSplits; ++s) {
    const Split split = static_cast<Split>(s);
    if (dataset.count(split) == 0) continue;
    nlohmann::json classes = nlohmann::json::object();
    const ClassCounts counts = dataset.class_counts(split);
    for (int label = 0; label < kNumEmotions; ++label)
      classes[std::string(emotion_name(label))] = counts[static_cast<size_t>(label)];
    const SplitSharpness& sharp = sharpness[static_cast<size_t>(s)];
    splits[std::string(split_name(split))] = {
        {"total", dataset.count(split)},
        {"classes", classes},
        {"sharpness", {{"p10", sharp.p10}, {"median", sharp.median}, {"p90", sharp.p90}}}};
  }
  return {{"path", path},
          {"format", dataset_format_name(detect_dataset_format(path))},
          {"total", dataset.size()},
          {"skipped", report.skipped},
          {"problems", report.problems},
          {"blank", blank_files},
          {"splits", splits}};
}

void add_pack_command(CLI::App& data) {
  struct Args {
    std::string input, out;
    bool strict = false, verbose = false;
  };
  const auto args = std::make_shared<Args>();
  CLI::App* pack = data.add_subcommand(
      "pack", "Load FER-2013 from its CSV or class folders and write FERLab's packed form (.ferpack), which\n"
              "loads in a fraction of a second and needs no image decoding. Bad rows and images are skipped\n"
              "and reported (file and line) unless --strict.");
  pack->add_option("INPUT", args->input,
                   "fer2013.csv (emotion,pixels[,Usage]), or a folder with train/<class>/ and test/<class>/\n"
                   "(or a single split's <class>/ folders)")
      ->required();
  pack->add_option("--out,-o", args->out, "Packed file to write, e.g. fer2013.ferpack (written atomically)")
      ->required();
  pack->add_flag("--strict", args->strict, "Fail on the first bad row or image instead of skipping it");
  pack->add_flag("--verbose,-v", args->verbose, "List every skipped item, not just the first few");
  pack->callback([args] {
    check_output("--out", args->out, {args->input});
    LoadReport report;
    const FaceDataset dataset = load_with_summary(args->input, args->strict, args->verbose, report);
    if (dataset.empty()) {
      throw DataError(args->input + ": no faces loaded" +
                      (report.problems.empty() ? std::string() : "; first problem: " + report.problems.front()));
    }
    const auto start = std::chrono::steady_clock::now();
    save_packed(dataset, args->out);
    std::printf("wrote %s: %zu faces, %s in %.2f s\n\n", args->out.c_str(), dataset.size(),
                megabytes(std::filesystem::file_size(args->out)).c_str(), seconds_since(start));
    std::printf("%s", format_class_distribution(dataset).c_str());
  });
}

void add_stats_command(CLI::App& data) {
  struct Args {
    std::string path, json;
    bool verbose = false;
  };
  const auto args = std::make_shared<Args>();
  CLI::App* stats = data.add_subcommand(
      "stats", "Count faces per split and class (canonical FER-2013 order) in a .ferpack file, a FER-2013\n"
               "CSV or an image folder, report how many bad items were skipped, list the blank or constant\n"
               "images (which load fine but show no face) and measure each split's sharpness.");
  stats->add_option("PATH", args->path, "A .ferpack file, a .csv file or a dataset folder")->required();
  stats->add_option("--json", args->json, "Also write the counts and problems as JSON to this file");
  stats->add_flag("--verbose,-v", args->verbose, "List every skipped item and blank image, not just the first few");
  stats->callback([args] {
    check_output("--json", args->json, {args->path});
    LoadReport report;
    const FaceDataset dataset = load_with_summary(args->path, false, args->verbose, report);
    std::printf("\n%s", format_class_distribution(dataset).c_str());
    const std::vector<size_t> blank = find_blank_faces(dataset);
    report_blank_faces(dataset, blank, args->verbose);
    const SharpnessBySplit sharpness = measure_sharpness(dataset);
    std::printf("\n%s", format_sharpness(sharpness).c_str());
    if (!args->json.empty()) {
      write_text_atomically(args->json, json_text(stats_json(args->path, dataset, report, sharpness, blank), 2) + "\n");
      std::printf("wrote %s\n", args->json.c_str());
    }
  });
}

// Lists the groups by file, split pairs and label conflicts; the JSON has every group.
void report_duplicates(const FaceDataset& dataset, const std::vector<DuplicateGroup>& groups, bool near) {
  const DuplicateSummary s = summarise_duplicates(dataset, groups);
  const std::string near_text = near ? ", " + std::to_string(s.near_groups) + " near-duplicate group(s)" : "";
  std::printf("\n%zu exact duplicate group(s)%s, %zu faces in a group\n", s.exact_groups, near_text.c_str(),
              s.faces_in_groups);
  std::printf("groups holding faces of both splits (a == b: two faces of the same split)\n");
  for (size_t a = 0; a < kNumSplits; ++a)
    for (size_t b = a; b < kNumSplits; ++b)
      if (s.split_pairs[a][b] > 0)
        std::printf("  %-7s / %-7s %6zu\n", std::string(split_name(static_cast<Split>(a))).c_str(),
                    std::string(split_name(static_cast<Split>(b))).c_str(), s.split_pairs[a][b]);
  std::printf("%zu group(s) with conflicting labels%s\n", s.label_conflicts.size(), s.label_conflicts.empty() ? "" : ":");
  for (const size_t g : s.label_conflicts) {
    std::printf("  %s:", duplicate_kind_name(groups[g].kind));
    for (const size_t i : groups[g].members)
      std::printf(" %s (%s)", dataset.source(i).c_str(), emotion_name(dataset.label(i)));
    std::printf("\n");
  }
}

nlohmann::json duplicates_json(const FaceDataset& dataset, const std::vector<DuplicateGroup>& groups) {
  nlohmann::json list = nlohmann::json::array();
  for (const DuplicateGroup& group : groups) {
    nlohmann::json files = nlohmann::json::array(), labels = nlohmann::json::array();
    for (const size_t i : group.members) {
      files.push_back(dataset.source(i));
      labels.push_back(std::string(emotion_name(dataset.label(i))));
    }
    list.push_back({{"kind", duplicate_kind_name(group.kind)}, {"files", files}, {"labels", labels}});
  }
  return {{"groups", list}};
}

void add_duplicates_command(CLI::App& data) {
  struct Args {
    std::string path, json;
    bool near = false;
  };
  const auto args = std::make_shared<Args>();
  const DuplicateOptions defaults;
  char thresholds[160];
  std::snprintf(thresholds, sizeof thresholds,
                "64-bit average hash\nwithin %d bits, confirmed by a mean absolute pixel difference of at most %g grey levels",
                defaults.max_hash_distance, defaults.max_mean_abs_difference);
  CLI::App* cmd = data.add_subcommand(
      "duplicates",
      "Find faces that occur more than once, within and across splits: exact duplicates (identical decoded\n"
      "pixels: hashed, then compared byte for byte) and, with --near, near duplicates (" + std::string(thresholds) +
          "). Prints the\ngroups per split pair and every group whose faces carry different labels.");
  cmd->add_option("PATH", args->path, "A dataset folder, a .csv file or a .ferpack file")->required();
  cmd->add_option("--json", args->json,
                  "Write {\"groups\": [{\"kind\": \"exact\"|\"near\", \"files\": [...], \"labels\": [...]}]}, files\n"
                  "relative to the data root (CSV rows as file.csv:ROW)")
      ->type_name("FILE");
  cmd->add_flag("--near", args->near, "Also look for near duplicates (re-encoded or slightly edited copies)");
  cmd->callback([args] {
    LoadReport report;
    const FaceDataset dataset = load_with_summary(args->path, false, false, report);
    DuplicateOptions options;
    options.near = args->near;
    std::unique_ptr<ProgressBar> bar;
    const auto groups = find_duplicate_faces(dataset, options, [&](size_t done, size_t total) {
      if (!bar) bar = std::make_unique<ProgressBar>("near duplicates", total, "img");
      bar->update(done);
    });
    if (bar) bar->finish();
    report_duplicates(dataset, groups, args->near);
    if (!args->json.empty()) {
      write_text_atomically(args->json, json_text(duplicates_json(dataset, groups), 2) + "\n");
      std::printf("wrote %s\n", args->json.c_str());
    }
  });
}

}  // namespace

void add_data_commands(CLI::App& app) {
  CLI::App* data = app.add_subcommand("data", "Prepare and inspect FER-2013 data (pack, stats, duplicates)");
  data->require_subcommand(1);
  add_pack_command(*data);
  add_stats_command(*data);
  add_duplicates_command(*data);
}

}  // namespace ferlab::cli
