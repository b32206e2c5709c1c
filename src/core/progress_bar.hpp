#pragma once
// A one-line terminal progress bar with throughput and ETA, redrawn in place
// on a TTY and printed sparsely (every ~10 %) when output goes to a log file.
#include <chrono>
#include <cstdio>
#include <string>

namespace ferlab {

class ProgressBar {
 public:
  ProgressBar(std::string label, size_t total, std::string unit = "img", std::FILE* out = stderr);
  // `done` is the absolute count; `suffix` is appended (e.g. "loss 1.23 acc 45.6%").
  void update(size_t done, const std::string& suffix = "");
  void finish(const std::string& suffix = "");
  // The final line when the work stopped short (Ctrl-C): at the last count
  // given to update(), where finish() shows the total.
  void stop(const std::string& suffix = "");
  double elapsed_seconds() const;

 private:
  void draw(size_t done, const std::string& suffix, bool final_line);

  std::string label_;
  size_t total_;
  std::string unit_;
  std::FILE* out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  int last_decile_ = -1;
  size_t last_done_ = 0;
};

std::string format_duration(double seconds);  // "1:05:09", "3:07"

}  // namespace ferlab
