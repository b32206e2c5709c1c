// `ferlab image` and `ferlab video` over folders and several files: one CSV
// with each row's file, a summary, failures named while the others go on,
// worker processes that agree with one process, and Ctrl-C.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <map>
#include <thread>

#include "core/crc32.hpp"
#include "support/ferlab_process.hpp"
#include "support/run_ferlab.hpp"
#include "vision/vision_test_support.hpp"

namespace ferlab {
namespace {

using testing::fer2013_dir;
using testing::TempDir;
using test::CommandResult;

using testing::run_ferlab;

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A PNG header declaring width x height, and nothing after it.
void write_png_header(const std::string& path, uint32_t width, uint32_t height) {
  std::string ihdr = "IHDR";
  for (const uint32_t v : {width, height})
    for (int shift = 24; shift >= 0; shift -= 8) ihdr += static_cast<char>((v >> shift) & 0xff);
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);
  Crc32 check;
  check.update(ihdr.data(), ihdr.size());
  const uint32_t crc = check.value();
  std::ofstream out(path, std::ios::binary);
  out << "\x89PNG\r\n\x1a\n" << std::string("\x00\x00\x00\x0d", 4) << ihdr;
  for (int shift = 24; shift >= 0; shift -= 8) out << static_cast<char>((crc >> shift) & 0xff);
}

// A photo with one FER-2013 face pasted at `box`.
void write_face_photo(const std::string& path, const cv::Rect& box, unsigned seed) {
  const auto faces = load_fer_test_faces(fer2013_dir(), 1, {"happy"});
  cv::Mat scene = make_background({640, 480}, seed);
  paste_face(scene, faces[0], box);
  ASSERT_TRUE(cv::imwrite(path, scene));
}

TEST(ImageCommand, AFolderOfPhotosWithBadFilesGivesOneCsvASummaryAndNamesEachFailure) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("image-batch");
  const std::string model = testing::save_untrained_cnn(dir);
  std::filesystem::create_directories(dir.file("photos/more"));
  write_face_photo(dir.file("photos/one.jpg"), {200, 120, 180, 180}, 3);
  write_face_photo(dir.file("photos/more/two.png"), {100, 150, 160, 160}, 5);
  std::ofstream(dir.file("photos/notes.txt")) << "not a photo";
  std::ofstream(dir.file("photos/empty.jpg"));
  write_png_header(dir.file("photos/huge.png"), 20000, 20000);

  const std::string args = "image " + dir.file("photos") + " --model " + model + " --out " + dir.file("out") +
                           " --json " + dir.file("summary.json") + " --csv ";
  const CommandResult r = run_ferlab(args + dir.file("faces.csv"));
  EXPECT_EQ(r.exit_code, 1) << "two files failed\n" << r.output;
  EXPECT_NE(r.output.find("failed: " + dir.file("photos/empty.jpg") + ": is empty (0 bytes), not an image"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("failed: " + dir.file("photos/huge.png") + ": image of 20000x20000 pixels"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("4 file(s): 2 analysed, 2 failed"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("2 face(s) in 2 of 2 photo(s)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("skipped 1 file(s) of another kind in the folders, e.g. " + dir.file("photos/notes.txt")),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("wrote 2 annotated copies to " + dir.file("out")), std::string::npos) << r.output;
  EXPECT_EQ(cv::imread(dir.file("out/one.jpg")).size(), cv::Size(640, 480));
  EXPECT_EQ(cv::imread(dir.file("out/more/two.png")).size(), cv::Size(640, 480));

  const auto rows = lines_of(dir.file("faces.csv"));
  ASSERT_EQ(rows.size(), 3u) << r.output;
  EXPECT_EQ(rows[0].rfind("file,frame,time_s,track,", 0), 0u);
  EXPECT_EQ(rows[1].rfind(dir.file("photos/more/two.png") + ",0,0.000,1,", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2].rfind(dir.file("photos/one.jpg") + ",0,0.000,1,", 0), 0u) << rows[2];

  std::ifstream json_file(dir.file("summary.json"));
  const nlohmann::json summary = nlohmann::json::parse(json_file);
  EXPECT_EQ(summary["totals"]["files"], 4);
  EXPECT_EQ(summary["totals"]["failed"], 2);
  EXPECT_EQ(summary["files"].size(), 4u);
  EXPECT_EQ(summary["skipped"].size(), 1u);

  // Two worker processes write the same rows.
  const CommandResult parallel = run_ferlab(args + dir.file("faces-2.csv") + " --jobs 2");
  EXPECT_EQ(parallel.exit_code, 1) << parallel.output;
  EXPECT_EQ(lines_of(dir.file("faces-2.csv")), rows) << parallel.output;
}

TEST(ImageCommand, ABatchRefusesToWriteItsCopiesOverItsInputs) {
  TempDir dir("image-batch-over");
  std::filesystem::create_directories(dir.file("photos"));
  cv::imwrite(dir.file("photos/a.png"), make_background({64, 64}, 1));
  const CommandResult inside = run_ferlab("image " + dir.file("photos") + " --out " + dir.file("photos/out"));
  EXPECT_EQ(inside.exit_code, 1);
  EXPECT_NE(inside.output.find("lies inside the input folder"), std::string::npos) << inside.output;
  std::ofstream(dir.file("file")) << "x";
  const CommandResult onto_file = run_ferlab("image " + dir.file("photos") + " --out " + dir.file("file"));
  EXPECT_EQ(onto_file.exit_code, 1);
  EXPECT_NE(onto_file.output.find("with several inputs or a folder, --out names a folder"), std::string::npos)
      << onto_file.output;
}

// Frames of textured background with a face pasted, as an MJPG .avi.
void write_face_video(const std::string& path, int frames, unsigned seed) {
  const auto faces = load_fer_test_faces(fer2013_dir(), 1, {"sad"});
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {320, 240});
  ASSERT_TRUE(writer.isOpened());
  const cv::Mat background = make_background({320, 240}, seed);
  for (int f = 0; f < frames; ++f) {
    cv::Mat scene = background.clone();
    paste_face(scene, faces[0], {60 + f % 40, 50, 120, 120});
    writer.write(scene);
  }
}

TEST(VideoCommand, CtrlCStopsABatchKeepingACompleteCsvAndSayingWhere) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("video-batch-interrupt");
  const std::string model = testing::save_untrained_cnn(dir);
  std::filesystem::create_directories(dir.file("clips"));
  const std::vector<std::string> clips{"a.avi", "b.avi", "c.avi", "d.avi", "e.avi", "f.avi"};
  for (size_t i = 0; i < clips.size(); ++i) write_face_video(dir.file("clips/" + clips[i]), 150, static_cast<unsigned>(i));
  const std::string csv = dir.file("faces.csv");
  test::FerlabProcess batch("--threads 1 video " + dir.file("clips") + " --model " + model + " --csv " + csv +
                                " --out " + dir.file("out"),
                            {}, dir.file("log.txt"));
  // Ctrl-C once the first file's rows are in the CSV.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (lines_of(csv + ".partial").size() < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  batch.send_signal(SIGINT);
  const std::optional<int> status = batch.wait_for(std::chrono::seconds(60));
  ASSERT_TRUE(status.has_value()) << batch.output();
  EXPECT_EQ(*status, 130) << batch.output();
  const std::string output = batch.output();
  const size_t at = output.find("interrupted after ");
  ASSERT_NE(at, std::string::npos) << output;
  const int done = std::stoi(output.substr(at + 18));
  EXPECT_GE(done, 1);
  EXPECT_LT(done, 6) << output;
  EXPECT_NE(output.find(" of 6 file(s); not analysed: " + dir.file("clips/" + clips[done])), std::string::npos)
      << output;

  // The CSV holds whole files: the first `done` clips, 150 rows each, every row complete.
  EXPECT_FALSE(std::filesystem::exists(csv + ".partial"));
  const auto rows = lines_of(csv);
  ASSERT_FALSE(rows.empty());
  const size_t columns = std::count(rows[0].begin(), rows[0].end(), ',');
  std::map<std::string, int> per_file;
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(std::count(rows[i].begin(), rows[i].end(), ',')), columns) << "row " << i;
    ++per_file[rows[i].substr(0, rows[i].find(','))];
  }
  ASSERT_EQ(per_file.size(), static_cast<size_t>(done)) << output;
  for (int i = 0; i < done; ++i) EXPECT_EQ(per_file[dir.file("clips/" + clips[i])], 150) << clips[i];
  // The copies of the files done, and no half-written one.
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("out")))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST(VideoCommand, SeveralVideosInWorkerProcessesMatchOneProcessAndAFailureIsNamed) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("video-batch-jobs");
  const std::string model = testing::save_untrained_cnn(dir);
  write_face_video(dir.file("a.avi"), 20, 1);
  write_face_video(dir.file("b.avi"), 30, 2);
  std::ofstream(dir.file("broken.mp4")) << "not a video";
  const std::string inputs = dir.file("a.avi") + " " + dir.file("broken.mp4") + " " + dir.file("b.avi");
  const CommandResult one = run_ferlab("video " + inputs + " --model " + model + " --csv " + dir.file("one.csv"));
  const CommandResult two =
      run_ferlab("video " + inputs + " --model " + model + " --csv " + dir.file("two.csv") + " --jobs 2");
  for (const CommandResult* r : {&one, &two}) {
    EXPECT_EQ(r->exit_code, 1) << r->output;
    EXPECT_NE(r->output.find("failed: " + dir.file("broken.mp4") + ": "), std::string::npos) << r->output;
    EXPECT_NE(r->output.find("3 file(s): 2 analysed, 1 failed"), std::string::npos) << r->output;
    EXPECT_NE(r->output.find("50 frames, faces in 50 (100%), 2 track(s)"), std::string::npos) << r->output;
  }
  const auto rows = lines_of(dir.file("one.csv"));
  EXPECT_EQ(rows.size(), 1u + 20 + 30);
  EXPECT_EQ(lines_of(dir.file("two.csv")), rows);
}

}  // namespace
}  // namespace ferlab
