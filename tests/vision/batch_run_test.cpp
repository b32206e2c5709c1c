// Running many files without a model: the batch's own rules (order, failures,
// Ctrl-C, workers that die), with analyses written here.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"
#include "vision/batch_inputs.hpp"
#include "vision/batch_run.hpp"

namespace ferlab {
namespace {

using test::TempDir;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// An analysis that makes up one face row per file, and fails for names with "bad".
FileOutcome made_up(const BatchItem& item, const ItemProgress& progress) {
  if (item.input.find("bad") != std::string::npos) throw DataError(item.input + ": cannot be read");
  progress(1);
  FileOutcome o;
  o.input = item.input;
  o.frames = 1;
  o.frames_with_faces = 1;
  o.tracks = 1;
  o.shown[3] = 1;
  o.face_rows = "0,0.000,1,1.0,2.0,3.0,4.0,happy,0.9000\n";
  return o;
}

std::vector<BatchItem> items_named(const std::vector<std::string>& names) {
  std::vector<BatchItem> items;
  for (const std::string& name : names) items.push_back({name, ""});
  return items;
}

TEST(BatchRun, AFileThatFailsIsNamedAndTheOthersGoOnInOrder) {
  TempDir dir("batch-run");
  BatchOptions options;
  options.csv_path = dir.file("faces.csv");
  const BatchReport report = run_batch(items_named({"a.jpg", "bad.jpg", "c, d.jpg"}), made_up, options);
  ASSERT_EQ(report.outcomes.size(), 3u);
  EXPECT_EQ(report.failed(), 1);
  EXPECT_EQ(report.outcomes[1].error, "bad.jpg: cannot be read");
  EXPECT_FALSE(report.interrupted);
  const auto lines = lines_of(dir.file("faces.csv"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], batch_csv_header().substr(0, batch_csv_header().size() - 1));
  EXPECT_EQ(lines[1], "a.jpg,0,0.000,1,1.0,2.0,3.0,4.0,happy,0.9000");
  EXPECT_EQ(lines[2], "\"c, d.jpg\",0,0.000,1,1.0,2.0,3.0,4.0,happy,0.9000");
  EXPECT_FALSE(std::filesystem::exists(dir.file("faces.csv.partial")));
}

TEST(BatchRun, CtrlCStopsBetweenFilesAndLeavesACompleteCsvThatSaysWhere) {
  TempDir dir("batch-interrupt");
  BatchOptions options;
  options.csv_path = dir.file("faces.csv");
  int analysed = 0;
  const AnalyseItem interrupting = [&](const BatchItem& item, const ItemProgress& progress) {
    if (++analysed == 2) {
      std::raise(SIGINT);  // the user's Ctrl-C, in the middle of the second file
      progress(1);         // the next frame: the file is abandoned here
      ADD_FAILURE() << "the progress call after Ctrl-C did not stop the file";
    }
    return made_up(item, progress);
  };
  const BatchReport report = run_batch(items_named({"a.jpg", "b.jpg", "c.jpg"}), interrupting, options);
  EXPECT_TRUE(report.interrupted);
  ASSERT_EQ(report.outcomes.size(), 1u);
  EXPECT_EQ(report.not_analysed, (std::vector<std::string>{"b.jpg", "c.jpg"}));
  const auto lines = lines_of(dir.file("faces.csv"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].rfind("a.jpg,", 0), 0u);
  // The handler was one-shot and is gone with the batch: Ctrl-C is Ctrl-C again.
  struct sigaction now {};
  sigaction(SIGINT, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL);
}

TEST(BatchRun, AWorkerThatDiesFailsItsFileAndAFreshOneTakesTheRest) {
  TempDir dir("batch-workers");
  BatchOptions options;
  options.jobs = 2;
  options.csv_path = dir.file("faces.csv");
  // A worker that reads its first request and dies.
  options.worker_command = {"/bin/sh", "-c", "read line; exit 3"};
  const BatchReport report = run_batch(items_named({"a.jpg", "b.jpg", "c.jpg", "d.jpg", "e.jpg"}), made_up, options);
  ASSERT_EQ(report.outcomes.size(), 5u);
  for (const FileOutcome& o : report.outcomes)
    EXPECT_EQ(o.error, "the worker process analysing it ended (exit status 3)") << o.input;
  EXPECT_EQ(report.outcomes[4].input, "e.jpg");
  EXPECT_EQ(lines_of(dir.file("faces.csv")).size(), 1u);  // the header alone
}

TEST(BatchInputs, FoldersAreSearchedSortedAndOtherFilesSaid) {
  TempDir dir("batch-inputs");
  std::filesystem::create_directories(dir.file("photos/sub"));
  std::filesystem::create_directories(dir.file("photos/.hidden"));
  std::filesystem::create_directories(dir.file("nothing"));
  for (const char* name : {"photos/b.jpg", "photos/a.PNG", "photos/sub/c.jpg", "photos/notes.txt",
                           "photos/.hidden/d.jpg", "nothing/readme.md", "single.mp4"})
    std::ofstream(dir.file(name)) << "x";
  const BatchInputs inputs =
      collect_batch_inputs({dir.file("photos"), dir.file("single.mp4"), dir.file("nothing")}, MediaKind::Image);
  EXPECT_EQ(inputs.files, (std::vector<std::string>{dir.file("photos/a.PNG"), dir.file("photos/b.jpg"),
                                                   dir.file("photos/sub/c.jpg"), dir.file("single.mp4")}));
  EXPECT_EQ(inputs.skipped, (std::vector<std::string>{dir.file("photos/notes.txt"), dir.file("nothing/readme.md")}));
  ASSERT_EQ(inputs.empty_folders.size(), 1u);
  EXPECT_EQ(inputs.empty_folders[0], dir.file("nothing") + ": no image files in this folder (1 other files)");
  EXPECT_TRUE(is_batch({dir.file("photos")}));
  EXPECT_TRUE(is_batch({dir.file("single.mp4"), dir.file("single.mp4")}));
  EXPECT_FALSE(is_batch({dir.file("single.mp4")}));
}

TEST(BatchInputs, AnnotatedCopiesKeepTheirPlaceAndNeverShareAName) {
  BatchInputs inputs;
  inputs.files = {"in/a.jpg", "in/sub/b.webp", "other/a.jpg", "clip.mkv"};
  inputs.folders = {"in", "in", "", ""};
  EXPECT_EQ(annotated_copy_paths(inputs, "out", MediaKind::Image),
            (std::vector<std::string>{"out/a.jpg", "out/sub/b.png", "out/a-2.jpg", "out/clip.png"}));
  EXPECT_EQ(annotated_copy_paths(inputs, "out", MediaKind::Video)[3], "out/clip.mp4");
}

}  // namespace
}  // namespace ferlab
