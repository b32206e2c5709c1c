#include "core/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace ferlab {

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

ProgressBar::ProgressBar(std::string label, size_t total, std::string unit, std::FILE* out)
    : label_(std::move(label)),
      total_(total),
      unit_(std::move(unit)),
      out_(out),
      tty_(::isatty(::fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::seconds(1)) {}

double ProgressBar::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressBar::update(size_t done, const std::string& suffix) {
  last_done_ = done;
  const auto now = std::chrono::steady_clock::now();
  if (tty_) {
    // Redrawing more than ~10 times a second costs time and shows nothing new.
    if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  } else {
    const int decile = total_ ? static_cast<int>(10 * done / total_) : 10;
    if (decile == last_decile_) return;
    last_decile_ = decile;
  }
  last_draw_ = now;
  draw(done, suffix, false);
}

void ProgressBar::finish(const std::string& suffix) { draw(total_, suffix, true); }

void ProgressBar::stop(const std::string& suffix) { draw(last_done_, suffix, true); }

void ProgressBar::draw(size_t done, const std::string& suffix, bool final_line) {
  const double elapsed = elapsed_seconds();
  // Over the first instants a rate says nothing (one item in a few microseconds
  // reads as millions a second): it shows once a quarter of a second has passed.
  constexpr double kMinRateSeconds = 0.25;
  const bool rate_known = final_line || elapsed >= kMinRateSeconds;
  const double rate = rate_known && elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : -1;
  char rate_text[32] = "--";
  if (rate_known) std::snprintf(rate_text, sizeof rate_text, "%.0f", rate);
  const double frac = total_ ? std::min(1.0, static_cast<double>(done) / static_cast<double>(total_)) : 1.0;
  constexpr int kWidth = 28;
  const int filled = static_cast<int>(frac * kWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(out_, "%s%s [%s] %3.0f%% %zu/%zu %s %s/s %s %s%s", tty_ ? "\r\033[K" : "",
               label_.c_str(), bar.c_str(), 100 * frac, done, total_, rate_text, unit_.c_str(),
               final_line ? format_duration(elapsed).c_str() : ("ETA " + format_duration(eta)).c_str(),
               suffix.c_str(), (final_line || !tty_) ? "\n" : "");
  std::fflush(out_);
}

}  // namespace ferlab
