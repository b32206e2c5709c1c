// A worker process as `--jobs` uses it: lines in, lines out, and an ending
// that says why when it dies.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>

#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/worker_process.hpp"

namespace ferlab {
namespace {

// Reads lines until `count` arrived or the output ended.
std::vector<std::string> read_until(WorkerProcess& worker, size_t count) {
  std::vector<std::string> lines;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (lines.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (readable_descriptors({worker.output_descriptor()}, 100).empty()) continue;
    if (!worker.read_lines(lines)) break;
  }
  return lines;
}

TEST(WorkerProcess, AnswersLineByLineAndEndsWhenItsInputEnds) {
  WorkerProcess worker({"/bin/sh", "-c", "while read line; do echo \"got $line\"; done; exit 0"});
  ASSERT_TRUE(worker.send_line("first"));
  ASSERT_TRUE(worker.send_line("second, with spaces"));
  EXPECT_EQ(read_until(worker, 2), (std::vector<std::string>{"got first", "got second, with spaces"}));
  worker.close_input();
  std::vector<std::string> rest;
  EXPECT_TRUE(read_until(worker, 1).empty());  // its output ends
  EXPECT_EQ(worker.wait(), "");
}

TEST(WorkerProcess, SaysHowItEndedAndWritingToItAfterDoesNotKillTheParent) {
  WorkerProcess failing({"/bin/sh", "-c", "read line; exit 3"});
  ASSERT_TRUE(failing.send_line("anything"));
  EXPECT_TRUE(read_until(failing, 1).empty());
  EXPECT_EQ(failing.wait(), "exit status 3");
  EXPECT_FALSE(failing.send_line("to nobody")) << "no SIGPIPE: the test process is still here";

  WorkerProcess killed({"/bin/sh", "-c", "sleep 30"});
  killed.signal(SIGKILL);
  EXPECT_EQ(killed.wait().rfind("killed by signal 9", 0), 0u);

  WorkerProcess missing({"/nonexistent/program"});
  EXPECT_EQ(missing.wait(), "exit status 127");
}

TEST(CsvField, QuotesOnlyWhatNeedsQuoting) {
  EXPECT_EQ(csv_field("photos/a.jpg"), "photos/a.jpg");
  EXPECT_EQ(csv_field("a,b.jpg"), "\"a,b.jpg\"");
  EXPECT_EQ(csv_field("say \"hi\".jpg"), "\"say \"\"hi\"\".jpg\"");
  EXPECT_EQ(csv_field("two\nlines.jpg"), "\"two\nlines.jpg\"");
}

}  // namespace
}  // namespace ferlab
