// The progress bar's throughput: unknown ("--") until it means something, so
// that a first item done in microseconds never reads as millions a second.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "core/progress_bar.hpp"

namespace ferlab {
namespace {

// Everything written to a temporary file (not a terminal: one line per tenth).
std::string written(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text.push_back(static_cast<char>(c));
  return text;
}

TEST(ProgressBar, ShowsNoRateForItsFirstInstantsAndTheMeasuredOneAfter) {
  std::FILE* file = std::tmpfile();
  ASSERT_NE(file, nullptr);
  ProgressBar bar("video", 10, "frame", file);
  bar.update(1);
  const std::string first = written(file);
  EXPECT_NE(first.find(" 1/10 -- frame/s "), std::string::npos) << first;
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  bar.update(5);
  const std::string later = written(file).substr(first.size());
  EXPECT_NE(later.find(" 5/10 "), std::string::npos) << later;
  EXPECT_EQ(later.find("--"), std::string::npos) << "a rate and an ETA, once time has passed: " << later;
  const size_t rate_at = later.find(" 5/10 ") + 6;
  const double rate = std::stod(later.substr(rate_at));
  EXPECT_GT(rate, 5.0);   // 5 frames in about 0.4 s
  EXPECT_LT(rate, 20.0);
  std::fclose(file);
}

}  // namespace
}  // namespace ferlab
