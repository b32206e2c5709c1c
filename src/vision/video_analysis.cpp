#include "vision/video_analysis.hpp"
#include "core/text.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace fs = std::filesystem;

namespace ferlab {

nlohmann::json VideoSummary::to_json() const {
  nlohmann::json j;
  j["input"] = input;
  j["frames"] = frames;
  j["frames_with_faces"] = frames_with_faces;
  j["fps"] = fps;
  j["width"] = width;
  j["height"] = height;
  j["detector"] = detector;
  j["classifier"] = classifier;
  j["tracks"] = nlohmann::json::array();
  for (const TrackSummary& t : tracks) {
    nlohmann::json track;
    track["id"] = t.id;
    track["frames"] = t.frames;
    track["first_s"] = t.first_s;
    track["last_s"] = t.last_s;
    track["emotion"] = std::string(emotion_name(t.emotion));
    for (int c = 0; c < kNumEmotions; ++c) {
      const std::string name(emotion_name(c));
      track["mean_probabilities"][name] = t.mean_probabilities[c];
      track["time_share"][name] = t.time_share[c];
    }
    j["tracks"].push_back(track);
  }
  j["warnings"] = warnings;
  return j;
}

namespace {

// Accumulates a track's frames for its summary.
struct TrackTotals {
  TrackSummary summary;
  std::array<double, kNumEmotions> probability_sum{};
  std::array<int64_t, kNumEmotions> label_frames{};
};

// Below this a "video" is at most a container header: no frame made it to disk.
constexpr uintmax_t kMinVideoBytes = 512;

// Writes to a temporary file beside the target, which commit() checks and only
// then renames over it: an interrupted run, a full disk or an encoder that
// silently dropped frames leaves the old file in place, never a broken one.
class AtomicVideoWriter {
 public:
  AtomicVideoWriter(const std::string& path, double fps, cv::Size size) : path_(path) {
    const fs::path target(path);
    temp_ = (target.parent_path() / (".tmp-" + target.filename().string())).string();
    const std::string ext = file_extension_lower(path);
    const int fourcc = ext == ".avi" ? cv::VideoWriter::fourcc('M', 'J', 'P', 'G') : cv::VideoWriter::fourcc('m', 'p', '4', 'v');
    writer_.open(temp_, fourcc, fps, size);
    if (!writer_.isOpened()) throw Error(path + ": cannot write video (unsupported extension or folder not writable)");
  }
  ~AtomicVideoWriter() {
    if (!committed_) {
      writer_.release();
      std::error_code ec;
      fs::remove(temp_, ec);
    }
  }
  void write(const cv::Mat& frame) {
    writer_.write(frame);
    ++frames_;
  }
  void commit() {
    writer_.release();  // returns nothing: whether the file is whole is checked below
    std::error_code ec;
    const uintmax_t bytes = fs::file_size(temp_, ec);
    if (ec || bytes < kMinVideoBytes)
      throw Error(path_ + ": writing the video failed (" + (ec ? ec.message() : std::to_string(bytes) + " bytes written") +
                  ", disk full?); " + kKept);
    const int64_t readable = count_frames(temp_);
    if (readable != frames_)
      throw Error(path_ + ": the written video reads back " + std::to_string(readable) + " of its " +
                  std::to_string(frames_) + " frames (disk full or encoder failure?); " + kKept);
    fs::rename(temp_, path_, ec);
    if (ec) throw Error(path_ + ": cannot move the finished video into place: " + ec.message());
    committed_ = true;
  }

 private:
  static constexpr const char* kKept = "any previous file of that name is left as it was";

  // Frames a reader gets back, by decoding the file: the container's own frame
  // count is only an estimate.
  static int64_t count_frames(const std::string& path) {
    cv::VideoCapture capture(path);
    int64_t n = 0;
    while (capture.isOpened() && capture.grab()) ++n;
    return n;
  }

  std::string path_;
  std::string temp_;
  cv::VideoWriter writer_;
  int64_t frames_ = 0;
  bool committed_ = false;
};

void append_csv_row(std::ostringstream& csv, const Frame& frame, const FaceResult& face) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "%lld,%.3f,%d,%.1f,%.1f,%.1f,%.1f,%s,%.4f", static_cast<long long>(frame.index),
                frame.timestamp_s, face.track_id, face.box.x, face.box.y, face.box.width, face.box.height,
                std::string(emotion_name(face.label)).c_str(), face.confidence);
  csv << buffer;
  for (const float p : face.raw) {
    std::snprintf(buffer, sizeof buffer, ",%.4f", p);
    csv << buffer;
  }
  csv << '\n';
}

}  // namespace

void check_video_input(const std::string& input) {
  if (!fs::exists(input)) throw DataError(input + ": no such file");
  if (fs::is_directory(input)) throw DataError(input + ": is a folder, expected a video file");
  if (is_image_file(input)) throw DataError(input + ": is an image; use `ferlab image` for photos");
}

VideoSummary analyze_video(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                           const VideoAnalysisOptions& options, const ProgressCallback& progress) {
  check_video_input(input);
  std::unique_ptr<FrameSource> source = FrameSource::open(input);
  if (source->state() == SourceState::Error) throw DataError(source->error());

  FrameAnalyzer analyzer(options.analyzer, classifier);
  VideoSummary summary;
  summary.input = input;
  summary.fps = source->fps();
  summary.detector = detector_kind_name(options.analyzer.detector.kind);
  summary.classifier = classifier->description();

  std::ostringstream csv;
  csv << "frame,time_s,track,x,y,w,h,label,confidence";
  for (const auto name : emotion_names()) csv << ',' << name;
  csv << '\n';

  std::unique_ptr<AtomicVideoWriter> writer;
  std::map<int, TrackTotals> tracks;
  Frame frame;
  while (true) {
    const auto before = std::chrono::steady_clock::now();
    if (!source->read(frame)) break;
    frame.decode_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count();
    if (summary.frames == 0) {
      summary.width = frame.image.cols;
      summary.height = frame.image.rows;
      if (!options.output_video.empty())
        writer = std::make_unique<AtomicVideoWriter>(options.output_video, summary.fps > 0 ? summary.fps : 25.0,
                                                     frame.image.size());
    }
    if (frame.image.cols != summary.width || frame.image.rows != summary.height) {
      summary.warnings.push_back("frame " + std::to_string(frame.index) + " changes size; skipped");
      continue;
    }
    FrameResult result = analyzer.analyze(std::move(frame));
    ++summary.frames;
    if (!result.faces.empty()) ++summary.frames_with_faces;
    for (const FaceResult& face : result.faces) {
      append_csv_row(csv, result.frame, face);
      TrackTotals& t = tracks[face.track_id];
      if (t.summary.frames == 0) {
        t.summary.id = face.track_id;
        t.summary.first_s = result.frame.timestamp_s;
      }
      ++t.summary.frames;
      t.summary.last_s = result.frame.timestamp_s;
      for (int c = 0; c < kNumEmotions; ++c) t.probability_sum[c] += face.raw[c];
      ++t.label_frames[face.label];
    }
    if (writer) {
      annotate_frame(result.frame.image, result.faces, options.annotate);
      writer->write(result.frame.image);
    }
    if (progress) progress(summary.frames, source->frame_count());
    frame = Frame{};
  }
  if (source->state() == SourceState::Error) {
    if (summary.frames == 0) throw DataError(source->error());
    summary.warnings.push_back(source->error());
  }
  if (summary.frames == 0) throw DataError(input + ": no frame could be decoded (empty or truncated video)");
  if (source->frame_count() > 0 && summary.frames < source->frame_count() * 9 / 10)
    summary.warnings.push_back(input + ": stream ended after " + std::to_string(summary.frames) + " of " +
                               std::to_string(source->frame_count()) + " frames (truncated file?)");
  if (summary.frames_with_faces == 0)
    summary.warnings.push_back("no faces found in " + std::to_string(summary.frames) + " frames of " + input);

  for (auto& [id, t] : tracks) {
    for (int c = 0; c < kNumEmotions; ++c) {
      t.summary.mean_probabilities[c] = static_cast<float>(t.probability_sum[c] / t.summary.frames);
      t.summary.time_share[c] = static_cast<double>(t.label_frames[c]) / t.summary.frames;
    }
    t.summary.emotion = argmax(t.summary.mean_probabilities);
    summary.tracks.push_back(t.summary);
  }

  if (writer) writer->commit();
  if (!options.csv_path.empty()) write_text_atomically(options.csv_path, csv.str());
  if (!options.json_path.empty()) write_text_atomically(options.json_path, json_text(summary.to_json(), 2) + "\n");
  return summary;
}

FrameResult analyze_image(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                          const AnalyzerOptions& analyzer_options, const AnnotateOptions& annotate,
                          const std::string& output_image) {
  Frame frame;
  frame.image = load_bgr_image(input);
  FrameAnalyzer analyzer(analyzer_options, std::move(classifier));
  FrameResult result = analyzer.analyze(std::move(frame));
  if (output_image.empty()) return result;
  cv::Mat annotated = result.frame.image.clone();
  annotate_frame(annotated, result.faces, annotate);
  std::vector<uchar> encoded;
  const std::string ext = fs::path(output_image).extension().string();
  bool ok = false;
  try {
    ok = cv::imencode(ext.empty() ? ".png" : ext, annotated, encoded);
  } catch (const cv::Exception&) {
    ok = false;
  }
  if (!ok) throw Error(output_image + ": cannot encode an image with extension '" + ext + "' (use .png or .jpg)");
  write_file_atomically(output_image, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(encoded.data()), static_cast<std::streamsize>(encoded.size()));
  });
  return result;
}

}  // namespace ferlab
