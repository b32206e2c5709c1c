#pragma once
// EventLog: what the workbench tells its user — every error from a worker, a
// load or an export lands here; panels/log.hpp shows the errors as toasts for a
// few seconds and every entry in the Log panel. Written and read on the UI
// thread only. Free of ImGui: it keeps its own clock.
#include <chrono>
#include <deque>
#include <string>

namespace ferlab::app {

enum class LogLevel { Info, Error };

struct LogEntry {
  double time = 0;  // EventLog::seconds() when it was logged
  LogLevel level = LogLevel::Info;
  std::string text;
};

class EventLog {
 public:
  void info(std::string text);
  void error(std::string text);
  const std::deque<LogEntry>& entries() const { return entries_; }
  size_t error_count() const { return error_count_; }
  double seconds() const;  // since the log was made

 private:
  void add(LogLevel level, std::string text);

  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::deque<LogEntry> entries_;
  size_t error_count_ = 0;
};

}  // namespace ferlab::app
