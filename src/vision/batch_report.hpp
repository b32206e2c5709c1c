#pragma once
// What `ferlab video` and `ferlab image` print and write about what they did:
// each file's result, the totals over a batch, the files that failed and,
// after Ctrl-C, where the batch stopped.
#include <nlohmann/json.hpp>

#include <string>

#include "vision/batch_inputs.hpp"
#include "vision/batch_run.hpp"

namespace ferlab {

// One file in detail: a video's tracks and label changes, a photo's faces
// with their probabilities. What a command over one file prints.
std::string file_details_text(const FileOutcome& outcome, MediaKind kind);

// One line per file, then the totals over the batch (files, frames, faces by
// the label shown), the files skipped, failed and not analysed.
std::string batch_summary_text(const BatchReport& report, const BatchInputs& inputs, MediaKind kind);

// The same as JSON (--json): per file its summary or error, and the totals.
nlohmann::json batch_summary_json(const BatchReport& report, const BatchInputs& inputs);

}  // namespace ferlab
