#pragma once
// What `ferlab eval` and `ferlab calibrate` share: reading a split to score
// and the option rules for models, splits and TTA.
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

}  // namespace ferlab::cli
