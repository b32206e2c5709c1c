#pragma once
// Internal to the loaders: one place that decides whether a bad item is skipped
// and reported or, in strict mode, stops the load.
#include <string>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"

namespace ferlab::detail {

class ProblemLog {
 public:
  ProblemLog(const LoadOptions& options, LoadReport* report) : strict_(options.strict), report_(report) {
    // A report reused across loads describes only the latest one.
    if (report_) *report_ = LoadReport{};
  }

  // `message` is "<file>[:line]: <what is wrong>".
  void skip(std::string message) {
    if (strict_) throw DataError(message);
    if (!report_) return;
    ++report_->skipped;
    report_->problems.push_back(std::move(message));
  }

  void set_loaded(size_t n) {
    if (report_) report_->loaded = n;
  }

 private:
  bool strict_;
  LoadReport* report_;
};

}  // namespace ferlab::detail
