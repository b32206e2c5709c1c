#pragma once
// What `ferlab eval` and `ferlab calibrate` share: reading a split to score,
// the labels it is scored against, and the option rules for models, splits and TTA.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "core/face_dataset.hpp"
#include "eval/face_classifier.hpp"

namespace ferlab::cli {

extern const char* const kTtaHelp;

Tta parse_tta(const std::string& name);      // throws UsageError naming the value
Split parse_split(const std::string& name);  // test, train or private; throws UsageError

// The faces of `split` in `data` (folder root, CSV or packed file), at most
// `max_samples` of them evenly spread (0 = all). Warns on stderr about skipped
// items; throws DataError for a missing path or an empty split.
FaceDataset load_eval_split(const std::string& data, Split split, size_t max_samples);

// The ground truth a split is scored against: FER-2013's own labels, or the
// FER+ crowd's majority (--labels fer2013|ferplus, --ferplus FILE).
struct LabelChoice {
  std::string labels = "fer2013";
  std::string ferplus_path;  // empty: ferplus.csv at the data root
};
void add_label_options(CLI::App& cmd, LabelChoice& choice);
// Throws UsageError for --ferplus without --labels ferplus: before any loading.
void check_label_choice(const LabelChoice& choice);
// With ferplus, relabels `dataset` by the crowd's majority (ties and non-emotions left out),
// prints the counts and records them in `report` as "ferplus".
FaceDataset with_chosen_labels(const FaceDataset& dataset, const LabelChoice& choice, const std::string& data,
                               nlohmann::json& report);

}  // namespace ferlab::cli
