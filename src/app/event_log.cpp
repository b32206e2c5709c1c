#include "app/event_log.hpp"

#include <cstdio>

namespace ferlab::app {
namespace {
constexpr size_t kMaxEntries = 500;
}

double EventLog::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void EventLog::info(std::string text) { add(LogLevel::Info, std::move(text)); }

void EventLog::error(std::string text) {
  ++error_count_;
  add(LogLevel::Error, std::move(text));
}

void EventLog::add(LogLevel level, std::string text) {
  // Also on the terminal, so that a headless run's log says what went wrong.
  std::fprintf(stderr, "ferlab studio: %s%s\n", level == LogLevel::Error ? "error: " : "", text.c_str());
  entries_.push_back({seconds(), level, std::move(text)});
  if (entries_.size() > kMaxEntries) entries_.pop_front();
}

}  // namespace ferlab::app
