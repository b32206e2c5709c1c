// End to end: a video built here from FER-2013 faces pasted at known places,
// through the `ferlab video` / `ferlab image` commands and through
// LivePipeline's threads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "support/run_ferlab.hpp"
#include "support/small_disk.hpp"
#include "core/emotion.hpp"
#include "vision/pipeline.hpp"
#include "vision/video_writer.hpp"
#include "vision/vision_test_support.hpp"

namespace ferlab {
namespace {

using testing::fer2013_dir;
using testing::TempDir;

using test::CommandResult;

using testing::run_ferlab;

// Two faces: one drifting right at 150 px, one at 100 px that leaves after
// frame 12. Returns the pasted boxes per frame.
std::vector<std::vector<cv::Rect>> write_test_video(const std::string& path, int frames) {
  const auto faces = load_fer_test_faces(fer2013_dir(), 2, {"happy"});
  const cv::Mat background = make_background({640, 480}, 2);
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {640, 480});
  EXPECT_TRUE(writer.isOpened());
  std::vector<std::vector<cv::Rect>> boxes(frames);
  for (int f = 0; f < frames; ++f) {
    cv::Mat scene = background.clone();
    boxes[f].push_back({60 + 6 * f, 120, 150, 150});
    if (f < 12) boxes[f].push_back({420, 250, 100, 100});
    for (size_t i = 0; i < boxes[f].size(); ++i) paste_face(scene, faces[i], boxes[f][i]);
    writer.write(scene);
  }
  return boxes;
}

// A photo with one happy FER-2013 face pasted at `box`; returns its path.
std::string write_face_photo(const TempDir& dir, const std::string& name, const cv::Rect& box, unsigned seed) {
  const auto faces = load_fer_test_faces(fer2013_dir(), 1, {"happy"});
  cv::Mat scene = make_background({640, 480}, seed);
  paste_face(scene, faces[0], box);
  EXPECT_TRUE(cv::imwrite(dir.file(name), scene));
  return dir.file(name);
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

TEST(VideoCommand, LabelsEveryFaceAtItsPlaceAndWritesCsvJsonAndVideo) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("video-cli");
  const std::string model = testing::save_untrained_cnn(dir);
  const auto boxes = write_test_video(dir.file("in.avi"), 20);
  const CommandResult r = run_ferlab("video " + dir.file("in.avi") + " --model " + model + " --out " +
                                     dir.file("out.mp4") + " --csv " + dir.file("frames.csv") + " --json " +
                                     dir.file("summary.json") + " --gradcam");
  ASSERT_EQ(r.exit_code, 0) << r.output;

  const auto rows = read_csv(dir.file("frames.csv"));
  ASSERT_EQ(rows.size(), 1u + 20 + 12) << r.output;  // header + one row per face per frame
  EXPECT_EQ(rows[0][0], "file");
  EXPECT_EQ(rows[0][1], "frame");
  ASSERT_EQ(rows[0].size(), 10u + 2 * kNumEmotions);
  for (size_t i = 1; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], dir.file("in.avi"));
    const int frame = std::stoi(rows[i][1]);
    const cv::Rect2f found(std::stof(rows[i][4]), std::stof(rows[i][5]), std::stof(rows[i][6]), std::stof(rows[i][7]));
    const cv::Point2f centre(found.x + found.width / 2, found.y + found.height / 2);
    bool inside_a_pasted_face = false;
    for (const cv::Rect& b : boxes[frame]) inside_a_pasted_face |= cv::Rect2f(b).contains(centre);
    EXPECT_TRUE(inside_a_pasted_face) << "row " << i;
  }

  EXPECT_NE(r.output.find("label changes per minute of track time: shown (smoothed) "), std::string::npos) << r.output;

  std::ifstream json_file(dir.file("summary.json"));
  const nlohmann::json batch = nlohmann::json::parse(json_file);
  EXPECT_EQ(batch["totals"]["analysed"], 1);
  const nlohmann::json& summary = batch["files"][0]["summary"];
  EXPECT_EQ(summary["frames"], 20);
  EXPECT_EQ(summary["frames_with_faces"], 20);
  ASSERT_EQ(summary["tracks"].size(), 2u);  // the same two faces all along: stable IDs
  // Which face gets the first ID depends on the detector's box order, not on the faces.
  const bool first_is_long = summary["tracks"][0]["frames"] == 20;
  const auto& long_track = summary["tracks"][first_is_long ? 0 : 1];
  EXPECT_EQ(long_track["frames"], 20);
  EXPECT_EQ(summary["tracks"][first_is_long ? 1 : 0]["frames"], 12);
  double share = 0;
  for (const auto& [name, value] : long_track["time_share"].items()) share += value.get<double>();
  EXPECT_NEAR(share, 1.0, 1e-6);

  cv::VideoCapture annotated(dir.file("out.mp4"));
  ASSERT_TRUE(annotated.isOpened());
  EXPECT_EQ(static_cast<int>(annotated.get(cv::CAP_PROP_FRAME_COUNT)), 20);
}

// One vocabulary: what a row shows (label, confidence) is the largest of its
// smoothed columns, and the columns say which values are smoothed and which raw.
TEST(VideoCommand, CsvConfidenceIsTheLargestSmoothedColumnAndTheLabelItsClass) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("video-csv-vocabulary");
  const std::string model = testing::save_untrained_cnn(dir);
  write_test_video(dir.file("in.avi"), 12);
  const CommandResult r = run_ferlab("video " + dir.file("in.avi") + " --model " + model + " --csv " + dir.file("f.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto rows = read_csv(dir.file("f.csv"));
  ASSERT_GT(rows.size(), 12u) << r.output;
  EXPECT_EQ(rows[0][8], "label");
  EXPECT_EQ(rows[0][9], "confidence");
  for (int c = 0; c < kNumEmotions; ++c) {
    EXPECT_EQ(rows[0][10 + c], "smoothed_" + std::string(emotion_name(c)));
    EXPECT_EQ(rows[0][10 + kNumEmotions + c], "raw_" + std::string(emotion_name(c)));
  }
  // An untrained model's columns are nearly equal, so two can print alike at
  // four decimals: the label's column is one that no other column exceeds.
  for (size_t i = 1; i < rows.size(); ++i) {
    const std::optional<int> label = emotion_from_name(rows[i][8]);
    ASSERT_TRUE(label) << "row " << i << ": " << rows[i][8];
    for (int c = 0; c < kNumEmotions; ++c)
      EXPECT_GE(std::stof(rows[i][10 + *label]), std::stof(rows[i][10 + c])) << "row " << i << ", " << emotion_name(c);
    EXPECT_EQ(rows[i][9], rows[i][10 + *label]) << "row " << i;
  }
}

TEST(VideoCommand, MissingFileFailsNamingIt) {
  const CommandResult r = run_ferlab("video /nonexistent/missing-clip.mp4 --detector haar");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("/nonexistent/missing-clip.mp4"), std::string::npos) << r.output;
}

TEST(VideoCommand, TruncatedVideoFailsNamingIt) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("video-truncated");
  const std::string model = testing::save_untrained_cnn(dir);
  // An MP4 keeps its index at the end; cutting the file loses it.
  const std::string path = dir.file("cut.mp4");
  {
    cv::VideoWriter writer(path, cv::VideoWriter::fourcc('m', 'p', '4', 'v'), 10, {320, 240});
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 10; ++i) writer.write(make_background({320, 240}, static_cast<unsigned>(i)));
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
  const CommandResult r = run_ferlab("video " + path + " --model " + model);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(path), std::string::npos) << r.output;
}

// Ten 320x240 frames of textured background, as an MJPG .avi.
std::string write_background_video(const std::string& path) {
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {320, 240});
  EXPECT_TRUE(writer.isOpened());
  for (int i = 0; i < 10; ++i) writer.write(make_background({320, 240}, static_cast<unsigned>(i)));
  return path;
}

TEST(VideoCommand, VideoThatStopsDecodingHalfwayKeepsWhatWasDecodedAndFails) {
  TempDir dir("video-cut-halfway");
  const std::string model = testing::save_untrained_cnn(dir);
  const std::string input = dir.file("clip.avi");
  {
    cv::VideoWriter writer(input, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, {320, 240});
    ASSERT_TRUE(writer.isOpened());
    for (int i = 0; i < 40; ++i) writer.write(make_background({320, 240}, static_cast<unsigned>(i)));
  }
  std::filesystem::resize_file(input, std::filesystem::file_size(input) / 2);
  const std::string out = dir.file("out.avi"), csv = dir.file("out.csv");
  const CommandResult r = run_ferlab("video " + input + " --detector haar --model " + model + " --out " + out +
                                     " --csv " + csv);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const size_t at = r.output.find(input + ": decoding stopped at frame ");
  ASSERT_NE(at, std::string::npos) << r.output;
  const int decoded = std::stoi(r.output.substr(at + input.size() + 27));
  EXPECT_GT(decoded, 5);
  EXPECT_LT(decoded, 30);
  EXPECT_NE(r.output.find(" of 40 (the file is truncated, damaged or gone); the outputs hold the " +
                          std::to_string(decoded) + " frames before it"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("wrote " + out), std::string::npos) << r.output;
  EXPECT_EQ(count_video_frames(out), decoded) << "the annotated video is finished and playable";
}

TEST(VideoCommand, RefusesToWriteItsOutputOverTheInputVideo) {
  TempDir dir("video-over-input");
  const std::string model = testing::save_untrained_cnn(dir);
  const std::string input = write_background_video(dir.file("clip.avi"));
  const auto size = std::filesystem::file_size(input);
  for (const std::string option : {"--out", "--csv", "--json"}) {
    const CommandResult r = run_ferlab("video " + input + " --detector haar --model " + model + " " + option + " " + input);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find(option + " " + input + " is also an input"), std::string::npos) << r.output;
  }
  EXPECT_EQ(std::filesystem::file_size(input), size);
}

TEST(VideoCommand, VideoThatCannotBeWrittenWholeLeavesThePreviousFileAndFails) {
  const test::SmallDisk disk("32k");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
  TempDir dir("video-full-disk");
  const std::string model = testing::save_untrained_cnn(dir);
  const std::string input = write_background_video(dir.file("clip.avi"));
  const std::string out = disk / "annotated.avi";
  std::ofstream(out) << "the previous annotated video";
  const CommandResult r = run_ferlab("video " + input + " --detector haar --model " + model + " --out " + out);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(out + ": "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("any previous file of that name is left as it was"), std::string::npos) << r.output;
  std::ifstream kept(out);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(kept), {}), "the previous annotated video");
  EXPECT_FALSE(std::filesystem::exists(disk / ".tmp-annotated.avi"));
}

TEST(ImageCommand, LabelsFacesInGrayAndRgbaPhotosAndSaysWhenThereAreNone) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("image-cli");
  const std::string model = testing::save_untrained_cnn(dir);
  const auto faces = load_fer_test_faces(fer2013_dir(), 1);
  cv::Mat scene = make_background({800, 600}, 4);
  paste_face(scene, faces[0], {300, 200, 200, 200});
  cv::Mat gray, rgba;
  cv::cvtColor(scene, gray, cv::COLOR_BGR2GRAY);
  cv::cvtColor(scene, rgba, cv::COLOR_BGR2BGRA);
  cv::imwrite(dir.file("gray.png"), gray);
  cv::imwrite(dir.file("rgba.png"), rgba);
  for (const std::string name : {"gray.png", "rgba.png"}) {
    const CommandResult r =
        run_ferlab("image " + dir.file(name) + " --model " + model + " --gradcam --out " + dir.file("out-" + name));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("face 1 at"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("wrote " + dir.file("out-" + name)), std::string::npos) << r.output;
    const cv::Mat out = cv::imread(dir.file("out-" + name));
    EXPECT_EQ(out.size(), scene.size());
  }
  cv::imwrite(dir.file("empty.png"), make_background({320, 240}, 8));
  const CommandResult none = run_ferlab("image " + dir.file("empty.png") + " --model " + model);
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_NE(none.output.find("no face found in " + dir.file("empty.png")), std::string::npos) << none.output;
  EXPECT_NE(none.output.find("nothing written"), std::string::npos) << none.output;
}

// `ferlab image` and `ferlab video` take `ferlab explain`'s --method, --layer
// and --target, and a wrong one is refused naming the choices.
TEST(ImageCommand, RefusesAnUnknownMethodTargetOrLayerListingTheChoices) {
  TempDir dir("image-cli");
  cv::imwrite(dir.file("blank.png"), make_background({320, 240}, 8));
  for (const char* command : {"image", "video"}) {
    const CommandResult method = run_ferlab(std::string(command) + " " + dir.file("blank.png") + " --method gradcan");
    EXPECT_NE(method.exit_code, 0) << command;
    EXPECT_NE(method.output.find("unknown method 'gradcan' (known: gradcam, gradcam++"), std::string::npos)
        << method.output;
    const CommandResult target = run_ferlab(std::string(command) + " " + dir.file("blank.png") + " --target hapy");
    EXPECT_NE(target.exit_code, 0) << command;
    EXPECT_NE(target.output.find("unknown target 'hapy' (known: predicted, angry"), std::string::npos)
        << target.output;
  }
  const CommandResult layer =
      run_ferlab("image " + dir.file("blank.png") + " --model cnn --gradcam --layer layer4");
  EXPECT_NE(layer.exit_code, 0);
  EXPECT_NE(layer.output.find("unknown --layer 'layer4' for cnn (explainable layers: block1, block2, block3)"),
            std::string::npos)
      << layer.output;
}

TEST(ImageCommand, HeatmapFollowsTheMethodLayerAndTarget) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("image-cli");
  write_face_photo(dir, "scene.png", {220, 140, 200, 200}, 4);
  const auto annotate = [&](const std::string& name, const std::string& options) {
    const CommandResult r = run_ferlab("image " + dir.file("scene.png") + " --model cnn --gradcam " + options +
                                       " --out " + dir.file(name));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("face 1 at"), std::string::npos) << r.output;
    return cv::imread(dir.file(name));
  };
  const cv::Mat plain = annotate("plain.png", "");
  ASSERT_FALSE(plain.empty());
  EXPECT_LT(cv::norm(plain, annotate("default.png", "--method gradcam --layer block3 --target predicted"),
                     cv::NORM_INF),
            1.0)
      << "the defaults are gradcam on the default layer for the shown label";
  for (const char* options : {"--method hirescam", "--layer block2", "--target angry"}) {
    const cv::Mat changed = annotate("changed.png", options);
    ASSERT_EQ(changed.size(), plain.size()) << options;
    EXPECT_GT(cv::norm(plain, changed, cv::NORM_L1), 1000.0) << options << " did not change the heatmap";
  }
}

TEST(SceneCommand, WritesDemoFramesInWhichSeveralFacesAreFound) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("scene-cli");
  const std::string model = testing::save_untrained_cnn(dir);
  const CommandResult r = run_ferlab("scene --data " + fer2013_dir() + " --frames 3 --out " + dir.file("frames"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* name : {"frame000.jpg", "frame001.jpg", "frame002.jpg"}) {
    const cv::Mat frame = cv::imread(dir.file("frames") + "/" + name);
    ASSERT_FALSE(frame.empty()) << name;
    EXPECT_EQ(frame.size(), cv::Size(640, 480));
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("frames") + "/frame003.jpg"));
  // The scene opens with two people in view.
  const CommandResult labelled = run_ferlab("image " + dir.file("frames") + "/frame000.jpg --model " + model);
  EXPECT_NE(labelled.output.find("face 2 at"), std::string::npos) << labelled.output;
}

TEST(SceneCommand, MissingDataFolderFailsNamingIt) {
  TempDir dir("scene-missing");
  const CommandResult r = run_ferlab("scene --data /nonexistent/fer --out " + dir.file("frames"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("/nonexistent/fer"), std::string::npos) << r.output;
}

TEST(LivePipeline, AnalysesAFileOnItsThreadsAndSwapsTheClassifierWhileRunning) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("live");
  write_test_video(dir.file("in.avi"), 20);
  PipelineOptions options;
  options.analyzer.gradcam = GradCamFaces::Selected;
  LivePipeline pipeline(options, testing::untrained_classifier());
  pipeline.start(dir.file("in.avi"));
  std::vector<LoadedModel> other;
  other.push_back(testing::untrained_cnn());
  other.back().card.name = "swapped-in";
  bool swapped = false;
  std::shared_ptr<const FrameResult> last;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    last = pipeline.latest_result();
    if (last && !swapped) {
      pipeline.set_classifier(std::make_shared<const FaceClassifier>(std::move(other)));
      swapped = true;
    }
    const PipelineStatus status = pipeline.status();
    if (status.source_state == SourceState::EndOfStream && !status.running) break;
    if (status.source_state == SourceState::EndOfStream && last && last->frame.index == 19) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const PipelineStatus status = pipeline.status();
  pipeline.stop();
  EXPECT_EQ(status.source_state, SourceState::EndOfStream);
  EXPECT_EQ(status.frames_captured, 20);
  EXPECT_EQ(status.frames_analyzed + status.frames_dropped, 20);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->classifier, "swapped-in");
  ASSERT_FALSE(last->faces.empty());
  // Grad-CAM for the selected (by default the largest) face only.
  int with_heatmap = 0;
  for (const FaceResult& f : last->faces) with_heatmap += !f.heatmap.empty();
  EXPECT_EQ(with_heatmap, 1);
}

// A file plays at its own frame rate, and the status says so: the capture
// rate of a 10 fps clip is 10 fps, whatever inference keeps up with.
TEST(LivePipeline, CaptureRateOfAFileIsItsFrameRate) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("live-fps");
  write_test_video(dir.file("in.avi"), 30);  // 3 s at 10 fps
  LivePipeline pipeline(PipelineOptions{}, testing::untrained_classifier());
  const auto start = std::chrono::steady_clock::now();
  pipeline.start(dir.file("in.avi"));
  std::vector<double> rates;  // sampled once the meter has a second of frames behind it
  PipelineStatus status;
  while (std::chrono::steady_clock::now() - start < std::chrono::seconds(30)) {
    status = pipeline.status();
    if (status.source_state == SourceState::EndOfStream) break;
    if (status.frames_captured >= 12) rates.push_back(status.capture_fps);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  pipeline.stop();
  EXPECT_EQ(status.frames_captured, 30);
  EXPECT_GE(seconds, 2.8) << "30 frames at 10 fps take 3 s to play";
  ASSERT_GE(rates.size(), 5u);
  std::sort(rates.begin(), rates.end());
  EXPECT_NEAR(rates[rates.size() / 2], 10.0, 1.0) << "median capture rate while playing";
}

TEST(LivePipeline, RecordsEveryFrameItAnalysesAsVideoAndCsv) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("live-recording");
  write_test_video(dir.file("in.avi"), 20);
  LivePipeline pipeline(PipelineOptions{}, testing::untrained_classifier());
  auto recording = std::make_shared<Recording>(timestamped_recording_paths(dir.file("rec"), 0), cv::Size(640, 480));
  pipeline.start_recording(recording);
  pipeline.start(dir.file("in.avi"));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (pipeline.status().running && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const PipelineStatus status = pipeline.status();
  ASSERT_EQ(pipeline.stop_recording(), recording);
  EXPECT_EQ(pipeline.recording(), nullptr);
  const RecordingResult result = recording->finish();

  EXPECT_EQ(result.analysed_frames, status.frames_analyzed);
  EXPECT_GE(result.video_frames, result.analysed_frames);  // slow frames are held, never dropped from the clock
  EXPECT_EQ(count_video_frames(result.paths.video), result.video_frames);
  cv::VideoCapture video(result.paths.video);
  EXPECT_EQ(static_cast<int>(video.get(cv::CAP_PROP_FRAME_WIDTH)), 640);
  const auto rows = read_csv(result.paths.csv);
  EXPECT_EQ(static_cast<int64_t>(rows.size()), 1 + result.csv_rows);
  EXPECT_GE(result.csv_rows, result.analysed_frames);  // at least the drifting face in every frame
}

// A looping clip keeps its own clock across the seam (it once ran at 828 fps
// after its first pass) and its faces start over with it rather than piling up
// new tracks each pass.
TEST(LivePipeline, ALoopingFileKeepsItsFrameRateAndItsTracksAcrossLoops) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("live-loop");
  write_test_video(dir.file("in.avi"), 8);  // 0.8 s at 10 fps, two faces throughout
  PipelineOptions options;
  options.source.loop = true;
  LivePipeline pipeline(options, testing::untrained_classifier());
  const auto start = std::chrono::steady_clock::now();
  pipeline.start(dir.file("in.avi"));
  int highest_track = 0;
  std::shared_ptr<const FrameResult> seen;
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(3000)) {
    if (auto r = pipeline.latest_result(); r && r != seen) {
      seen = r;
      for (const FaceResult& face : r->faces) highest_track = std::max(highest_track, face.track_id);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const PipelineStatus status = pipeline.status();
  pipeline.stop();
  ASSERT_TRUE(seen);
  EXPECT_GE(seen->frame.loop, 2) << "three seconds hold more than three passes of 0.8 s";
  EXPECT_NEAR(static_cast<double>(status.frames_captured), 30.0, 4.0) << "3 s at 10 fps";
  EXPECT_LE(highest_track, 2) << "two faces, restarted with each pass";
}

// A still is analysed once, not once per displayed frame, and once more when
// the model changes.
TEST(LivePipeline, AStillImageIsAnalysedOnceAndAgainWhenTheModelChanges) {
  FERLAB_REQUIRE_BLAZEFACE_AND_FER();
  TempDir dir("live-still");
  const std::string still = write_face_photo(dir, "still.png", {200, 150, 160, 160}, 2);
  LivePipeline pipeline(PipelineOptions{}, testing::untrained_classifier());
  pipeline.start(still);
  const auto wait_for = [&](int64_t analysed) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (pipeline.status().frames_analyzed < analysed && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  wait_for(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // 15 frames' time at a camera's pace
  EXPECT_EQ(pipeline.status().frames_analyzed, 1);
  ASSERT_TRUE(pipeline.latest_result());
  EXPECT_EQ(pipeline.latest_result()->faces.size(), 1u);
  std::vector<LoadedModel> other;
  other.push_back(testing::untrained_cnn());
  other.back().card.name = "swapped-in";
  pipeline.set_classifier(std::make_shared<const FaceClassifier>(std::move(other)));
  wait_for(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const PipelineStatus status = pipeline.status();
  EXPECT_EQ(status.frames_analyzed, 2);
  EXPECT_EQ(status.source_state, SourceState::Running);
  EXPECT_EQ(pipeline.latest_result()->classifier, "swapped-in");
  pipeline.stop();
  EXPECT_FALSE(pipeline.status().running);
}

// A camera that delivers a frame every 1.5 s: slower than 1 fps.
class SlowCamera : public FrameSource {
 public:
  SlowCamera() : FrameSource(SourceKind::Camera, "slow camera") {}
  bool read(Frame& frame) override {
    if (frames_read_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    frame.image = make_background({320, 240}, static_cast<unsigned>(frames_read_));
    frame.index = frames_read_++;
    state_ = SourceState::Running;
    return true;
  }
};

TEST(LivePipeline, ASourceSlowerThanOneFpsIsSaidToBeWaitingAndStopsPromptly) {
  PipelineOptions options;
  options.analyzer.detector.kind = DetectorKind::Haar;
  LivePipeline pipeline(options, testing::untrained_classifier());
  pipeline.start(std::make_unique<SlowCamera>());
  for (int i = 0; i < 100 && !pipeline.latest_result(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_NE(pipeline.latest_result(), nullptr);
  EXPECT_FALSE(pipeline.status().stalled);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  const PipelineStatus status = pipeline.status();
  EXPECT_TRUE(status.stalled);
  EXPECT_TRUE(status.running);
  EXPECT_GT(status.seconds_since_frame, 1.0);
  EXPECT_LT(status.capture_fps, 1.0);
  EXPECT_NE(status.message.find("slow camera has delivered no frame for 1."), std::string::npos) << status.message;
  const auto before = std::chrono::steady_clock::now();
  pipeline.stop();
  // stop() waits for the read under way (as for a real camera) and nothing longer.
  EXPECT_LT(std::chrono::steady_clock::now() - before, std::chrono::milliseconds(1500));
  EXPECT_FALSE(pipeline.status().running);
  EXPECT_FALSE(pipeline.status().stalled) << "a stopped pipeline waits for nothing";
}

TEST(LivePipeline, MissingCameraIsReportedAndStopsPromptly) {
  PipelineOptions options;
  options.analyzer.detector.kind = DetectorKind::Haar;
  options.source.reconnect_interval = std::chrono::milliseconds(20);
  LivePipeline pipeline(options, testing::untrained_classifier());
  pipeline.start("camera:63");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const PipelineStatus status = pipeline.status();
  EXPECT_EQ(status.source_state, SourceState::CameraMissing);
  EXPECT_NE(status.message.find("camera 63"), std::string::npos);
  EXPECT_EQ(pipeline.latest_result(), nullptr);
  pipeline.stop();
  EXPECT_FALSE(pipeline.status().running);
}

}  // namespace
}  // namespace ferlab
