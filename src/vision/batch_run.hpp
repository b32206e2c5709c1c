#pragma once
// Running `ferlab video` or `ferlab image` over many files: one after another
// in this process, or shared out among worker processes (--jobs N). A file
// that fails is recorded with its error and the others go on. The CSV grows a
// whole file at a time, in input order, under a temporary name that becomes
// its own when the batch ends, interrupted (Ctrl-C) or not: the file of that
// name is always complete and valid.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "vision/file_outcome.hpp"

namespace ferlab {

struct BatchItem {
  std::string input;
  std::string output;  // the annotated copy to write; "" for none
};

// Reports the units (frames) of the current file done so far. It throws to
// stop the file when the batch is interrupted, so a file's analysis calls it
// between frames.
using ItemProgress = std::function<void(int64_t done)>;
// Analyses one file; throws (any exception) when the file fails.
using AnalyseItem = std::function<FileOutcome(const BatchItem& item, const ItemProgress& progress)>;

struct BatchOptions {
  int jobs = 1;  // > 1: that many worker processes
  // A worker: a program that serves serve_batch_worker on its standard input
  // and output (ferlab with the same arguments and --batch-worker).
  std::vector<std::string> worker_command;
  std::string csv_path;  // "" for none: "file," then the face_csv columns
  // Units done over the whole batch, called often; from the calling thread.
  std::function<void(int64_t done)> progress;
};

struct BatchReport {
  std::vector<FileOutcome> outcomes;      // the files tried, in input order
  std::vector<std::string> not_analysed;  // the files an interrupt left
  bool interrupted = false;
  int failed() const;
};

// Throws Error when the CSV cannot be written; every file's own failure is in
// its outcome.
BatchReport run_batch(const std::vector<BatchItem>& items, const AnalyseItem& analyse, const BatchOptions& options);

// A worker's life: reads one BatchItem a line (JSON) from standard input until
// it ends, and answers each with progress lines and its outcome. Returns the
// exit status.
int serve_batch_worker(const AnalyseItem& analyse);

// The CSV header of a batch, with its newline.
std::string batch_csv_header();

}  // namespace ferlab
