// The Live panel's Record / Stop with the real pipeline, encoder and decoder:
// the demo scene of a generated data set, recorded and read back.
#include <gtest/gtest.h>

#include <opencv2/videoio.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/live_feed.hpp"
#include "app/panels/live.hpp"
#include "studio_fixture.hpp"
#include "ui_harness.hpp"
#include "vision/demo_scene.hpp"
#include "vision/video_writer.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;

size_t log_lines_starting(const Workbench& bench, const std::string& start) {
  size_t n = 0;
  for (const LogEntry& entry : bench.log.entries()) n += entry.text.rfind(start, 0) == 0;
  return n;
}

size_t line_count(const std::string& path) {
  std::ifstream in(path);
  size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

// A running demo scene in the Live panel, drawn each frame.
struct LiveScene {
  UiHarness ui;
  TempDir dir{"live-recording"};
  Workbench bench{""};
  LiveFeed feed{""};
  LivePanel panel;

  bool start() {
    write_tiny_csv(dir.path("faces.csv"), 2, 3);
    bench.models.request_load(write_random_cnn(dir.path(""), "cnn-recording"));
    bench.data.request_load(dir.path("faces.csv"));
    if (!poll_until(bench, &feed, [&] { return bench.data.dataset() && !bench.models.models().empty(); }, 60s))
      return false;
    feed.open(scene_spec(dir.path("faces.csv")), bench);
    return frames_until([&] { return feed.shown() != nullptr; });
  }
  bool frames_until(const std::function<bool()>& done) {
    return poll_until(bench, &feed, [&] {
      ui.frame(ImVec2(-1, -1), false, [&] { as_panel("Live", [&] { draw_live_panel(panel, feed, bench); }); });
      return done();
    }, 60s);
  }
};

TEST(LiveRecording, RecordThenStopWritesTheVideoAndCsvWithOneLogLineEach) {
  LiveScene scene;
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(scene.ui.ok());
  ASSERT_TRUE(scene.start()) << scene.feed.status().message;
  scene.panel.record_folder = scene.dir.path("videos");
  scene.panel.record_when_ready = true;  // what --record and the Record button do
  ASSERT_TRUE(scene.frames_until([&] { return scene.feed.recorder().frames() >= 5; }));
  const std::string video = scene.feed.recorder().video_path();
  EXPECT_EQ(video.rfind(scene.dir.path("videos") + "/ferlab-", 0), 0u) << video;
  EXPECT_FALSE(std::filesystem::exists(video)) << "the MP4 appears only when finished";
  scene.feed.stop_recording();
  ASSERT_TRUE(scene.frames_until([&] { return !scene.feed.recorder().finishing(); }));

  EXPECT_EQ(log_lines_starting(scene.bench, "recording to " + video), 1u);
  ASSERT_EQ(log_lines_starting(scene.bench, "recorded "), 1u) << scene.bench.log.entries().back().text;
  EXPECT_EQ(scene.bench.log.error_count(), 0u) << scene.bench.log.entries().back().text;
  EXPECT_GE(count_video_frames(video), 5);
  // "recorded N frames (T s) to V and C (R rows)": the CSV holds its header and those R rows.
  const std::string line = scene.bench.log.entries().back().text;
  const std::string csv = video.substr(0, video.size() - 4) + ".csv";
  ASSERT_NE(line.find(" and " + csv + " ("), std::string::npos) << line;
  const size_t rows = std::stoul(line.substr(line.rfind('(') + 1));
  EXPECT_EQ(line_count(csv), 1u + rows) << line;
}

TEST(LiveRecording, AFolderThatCannotBeMadeIsSaidInTheLogAndNothingRecords) {
  LiveScene scene;
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(scene.ui.ok());
  ASSERT_TRUE(scene.start()) << scene.feed.status().message;
  std::ofstream(scene.dir.path("a-file")) << "not a folder";
  scene.panel.record_folder = scene.dir.path("a-file/videos");
  scene.panel.record_when_ready = true;
  ASSERT_TRUE(scene.frames_until([&] { return scene.bench.log.error_count() > 0; }));
  EXPECT_FALSE(scene.feed.recorder().active());
  const std::string error = scene.bench.log.entries().back().text;
  EXPECT_EQ(error.rfind("cannot record: ", 0), 0u) << error;
  EXPECT_NE(error.find(scene.dir.path("a-file/videos")), std::string::npos) << error;
}

TEST(LiveRecording, AFileThatVanishesMidRecordingEndsWithTheRecordingFinishedAndPlayable) {
  LiveScene scene;
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  ASSERT_TRUE(scene.ui.ok());
  const std::string clip = scene.dir.path("clip.avi");
  {
    // 30 s of noise at 10 fps: large frames, so that the cut below lands mid-stream.
    cv::VideoWriter writer(clip, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {160, 120});
    ASSERT_TRUE(writer.isOpened());
    cv::RNG rng(3);
    cv::Mat image(120, 160, CV_8UC3);
    for (int i = 0; i < 300; ++i) {
      rng.fill(image, cv::RNG::UNIFORM, 0, 255);
      writer.write(image);
    }
  }
  scene.bench.models.request_load(write_random_cnn(scene.dir.path(""), "cnn-vanishing"));
  ASSERT_TRUE(poll_until(scene.bench, &scene.feed, [&] { return !scene.bench.models.models().empty(); }, 60s));
  scene.feed.open(clip, scene.bench);
  ASSERT_TRUE(scene.frames_until([&] { return scene.feed.shown() != nullptr; })) << scene.feed.status().message;
  scene.panel.record_folder = scene.dir.path("videos");
  scene.panel.record_when_ready = true;
  ASSERT_TRUE(scene.frames_until([&] { return scene.feed.recorder().frames() >= 3; }));
  const std::string video = scene.feed.recorder().video_path();
  std::filesystem::resize_file(clip, std::filesystem::file_size(clip) / 3);  // the file goes, mid-stream

  ASSERT_TRUE(scene.frames_until([&] { return !scene.feed.recorder().active() && !scene.feed.recorder().finishing(); }));
  EXPECT_TRUE(scene.feed.source_failed());
  EXPECT_NE(scene.feed.status().message.find(clip + ": decoding stopped at frame "), std::string::npos)
      << scene.feed.status().message;
  EXPECT_EQ(log_lines_starting(scene.bench, clip + ": decoding stopped at frame "), 1u) << "the error stays in the log";
  EXPECT_EQ(log_lines_starting(scene.bench, "the source stopped delivering frames: finishing the recording of " + video),
            1u);
  EXPECT_EQ(log_lines_starting(scene.bench, "recorded "), 1u);
  EXPECT_GE(count_video_frames(video), 3) << "the recording is a playable video";
}

TEST(LiveRecordingStudio, RecordFlagRecordsUntilExitAndTheSidecarNamesTheFile) {
  if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
  TempDir dir("studio-record");
  write_tiny_csv(dir.path("faces.csv"), 2, 3);
  const std::string model = write_random_cnn(dir.path(""), "cnn-studio-record");
  const auto run = run_studio_screenshot(dir, "recording",
                                         "--frames 60 --width 1280 --height 800 --scale 1 --panels live,log --data " +
                                             dir.path("faces.csv") + " --source " + scene_spec(dir.path("faces.csv")) +
                                             " --model " + model + " --record --record-dir " + dir.path("videos"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const std::string video = run.sidecar["workbench"]["live"]["recording"];
  EXPECT_EQ(video.rfind(dir.path("videos") + "/ferlab-", 0), 0u) << run.sidecar.dump();
  EXPECT_NE(run.output.find("recorded "), std::string::npos) << run.output;
  EXPECT_GT(count_video_frames(video), 0) << run.output;
}

}  // namespace
}  // namespace ferlab::app::testing
