// The recorder with OpenCV's real encoder and decoder: what it writes is read
// back with cv::VideoCapture and parsed as CSV.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "support/error_of.hpp"
#include "support/temp_dir.hpp"
#include "vision/recording.hpp"

namespace ferlab {
namespace {

using test::TempDir;

// A frame with a moving square and `faces` faces, track i + 1 showing emotion i.
FrameResult analysed_frame(int64_t index, double time_s, int faces, cv::Size size = {320, 240}) {
  FrameResult result;
  result.frame.index = index;
  result.frame.timestamp_s = time_s;
  result.frame.image = cv::Mat(size, CV_8UC3, cv::Scalar(40, 60, 80));
  cv::rectangle(result.frame.image, cv::Rect(static_cast<int>(index * 7 % 250), 20, 40, 40), {255, 255, 255}, cv::FILLED);
  for (int i = 0; i < faces; ++i) {
    FaceResult face;
    face.track_id = i + 1;
    face.box = cv::Rect2f(20.f + 120 * i, 100, 80, 80);
    face.raw.fill(0.05f);
    face.raw[i] = 0.7f;
    face.smoothed = face.raw;
    face.label = i;
    face.confidence = face.smoothed[i];
    result.faces.push_back(face);
  }
  return result;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Recording, Mp4ReopensWithEveryFrameAtItsSizeAndTheCsvHasARowPerFace) {
  TempDir dir("recording");
  const RecordingPaths paths = timestamped_recording_paths(dir.file("recordings"), 0);
  Recording recording(paths, {320, 240});
  EXPECT_EQ(recording.notice(), "");  // MP4 could be written: no fallback
  for (int f = 0; f < 12; ++f) recording.add(analysed_frame(f, f / 30.0, 2), 100 + f / 30.0);
  const RecordingResult result = recording.finish();
  EXPECT_EQ(result.paths.video, paths.video);
  EXPECT_EQ(result.analysed_frames, 12);
  EXPECT_EQ(result.video_frames, 12);
  EXPECT_EQ(result.csv_rows, 24);

  cv::VideoCapture video(paths.video);
  ASSERT_TRUE(video.isOpened()) << paths.video;
  EXPECT_EQ(static_cast<int>(video.get(cv::CAP_PROP_FRAME_WIDTH)), 320);
  EXPECT_EQ(static_cast<int>(video.get(cv::CAP_PROP_FRAME_HEIGHT)), 240);
  EXPECT_EQ(count_video_frames(paths.video), 12);
  EXPECT_FALSE(std::filesystem::exists(dir.file("recordings/.tmp-" + std::filesystem::path(paths.video).filename().string())));

  const auto lines = read_lines(paths.csv);
  ASSERT_EQ(lines.size(), 1u + 24);
  EXPECT_EQ(lines[0].rfind("frame,time_s,track,x,y,w,h,label,confidence,smoothed_angry,", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1], "0,0.000,1,20.0,100.0,80.0,80.0,angry,0.7000,0.7000,0.0500,0.0500,0.0500,0.0500,0.0500,0.0500,"
                      "0.7000,0.0500,0.0500,0.0500,0.0500,0.0500,0.0500");
  EXPECT_EQ(lines[24].rfind("11,0.367,2,140.0,100.0,80.0,80.0,disgust,0.7000,", 0), 0u) << lines[24];
}

TEST(Recording, RepeatsFramesToKeepItsClockAndSkipsAStall) {
  TempDir dir("recording-clock");
  Recording recording(timestamped_recording_paths(dir.path().string(), 0), {320, 240}, 30);
  recording.add(analysed_frame(0, 0, 1), 0.0);          // video frame 0
  recording.add(analysed_frame(1, 0, 1), 1 / 30.0);     // 1
  recording.add(analysed_frame(2, 0, 1), 4 / 30.0);     // inference was slow: 2, 3 and 4
  recording.add(analysed_frame(3, 0, 1), 4 / 30.0 + 10);  // after a 10 s stall: 5
  const RecordingResult result = recording.finish();
  EXPECT_EQ(result.analysed_frames, 4);
  EXPECT_EQ(result.video_frames, 6);
  EXPECT_EQ(count_video_frames(result.paths.video), 6);
  EXPECT_EQ(read_lines(result.paths.csv).size(), 1u + 4);
}

TEST(Recording, FramesOfAnotherSizeAreScaledToTheRecordings) {
  TempDir dir("recording-size");
  Recording recording(timestamped_recording_paths(dir.path().string(), 0), {320, 240});
  recording.add(analysed_frame(0, 0, 1), 0.0);
  recording.add(analysed_frame(1, 0, 1, {640, 360}), 1 / 30.0);  // the source was switched
  const RecordingResult result = recording.finish();
  cv::VideoCapture video(result.paths.video);
  cv::Mat frame;
  int read = 0;
  while (video.read(frame)) {
    EXPECT_EQ(frame.size(), cv::Size(320, 240));
    ++read;
  }
  EXPECT_EQ(read, 2);
}

TEST(Recording, AFolderThatCannotBeMadeFailsNamingIt) {
  TempDir dir("recording-blocked");
  std::ofstream(dir.file("a-file")) << "not a folder";
  const std::string folder = dir.file("a-file/recordings");
  const std::string message = test::error_of<Error>([&] { Recording recording(timestamped_recording_paths(folder, 0), {320, 240}); });
  EXPECT_NE(message.find(folder), std::string::npos) << message;
}

TEST(Recording, NamesFilesByDateAndTime) {
  const RecordingPaths paths = timestamped_recording_paths("/videos", 0);
  EXPECT_EQ(paths.video.rfind("/videos/ferlab-19", 0), 0u) << paths.video;  // 1970, or 1969 west of Greenwich
  EXPECT_EQ(paths.video.substr(paths.video.size() - 4), ".mp4");
  EXPECT_EQ(paths.csv, paths.video.substr(0, paths.video.size() - 4) + ".csv");
}

}  // namespace
}  // namespace ferlab
