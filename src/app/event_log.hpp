#pragma once
// EventLog: what the workbench tells its user — every error from a worker, a
// load or an export lands here, shows as a toast for a few seconds and stays
// in the Log window. Written and read on the UI thread only.
#include <deque>
#include <string>

namespace ferlab::app {

enum class LogLevel { Info, Error };

struct LogEntry {
  double time = 0;  // seconds since start (ImGui::GetTime)
  LogLevel level = LogLevel::Info;
  std::string text;
};

class EventLog {
 public:
  void info(std::string text);
  void error(std::string text);
  const std::deque<LogEntry>& entries() const { return entries_; }
  size_t error_count() const { return error_count_; }

  // Draws the recent entries as toasts in the top-right corner of the display.
  void draw_toasts(double now, double seconds_visible = 6.0) const;
  void draw_entries() const;  // the Log panel's content

 private:
  void add(LogLevel level, std::string text);

  std::deque<LogEntry> entries_;
  size_t error_count_ = 0;
};

}  // namespace ferlab::app
