#include "vision/video_analysis.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <utility>
#include <filesystem>
#include <map>

#include "core/atomic_file.hpp"
#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "vision/face_csv.hpp"
#include "vision/video_writer.hpp"

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
  for (const auto& [key, stability] : {std::pair{"shown", &shown_label_changes}, std::pair{"raw", &raw_label_changes}}) {
    j["label_changes"][key] = {{"changes", stability->changes},
                               {"seconds", stability->seconds},
                               {"per_minute", stability->per_minute()}};
  }
  j["warnings"] = warnings;
  if (!decode_error.empty()) j["decode_error"] = decode_error;
  return j;
}

namespace {

// Accumulates a track's frames for its summary.
struct TrackTotals {
  TrackSummary summary;
  std::array<double, kNumEmotions> probability_sum{};
  std::array<int64_t, kNumEmotions> label_frames{};
};

}  // namespace

int64_t declared_frame_count(const std::string& path) {
  cv::VideoCapture capture(path);
  if (!capture.isOpened()) return 0;
  return std::max<int64_t>(0, static_cast<int64_t>(capture.get(cv::CAP_PROP_FRAME_COUNT)));
}

void check_video_input(const std::string& input) {
  if (!fs::exists(input)) throw DataError(input + ": no such file");
  if (fs::is_directory(input)) throw DataError(input + ": is a folder, expected a video file");
  if (is_image_file(input)) throw DataError(input + ": is an image; use `ferlab image` for photos");
}

VideoAnalysis analyze_video(const std::string& input, std::shared_ptr<const FaceClassifier> classifier,
                           const VideoAnalysisOptions& options, const ProgressCallback& progress) {
  check_video_input(input);
  std::unique_ptr<FrameSource> source = FrameSource::open(input);
  if (source->state() == SourceState::Error) throw DataError(source->error());

  FrameAnalyzer analyzer(options.analyzer, classifier);
  VideoAnalysis analysis;
  VideoSummary& summary = analysis.summary;
  summary.input = input;
  summary.fps = source->fps();
  summary.detector = detector_kind_name(options.analyzer.detector.kind);
  summary.classifier = classifier->description();

  LabelChangeCounter shown_labels, raw_labels;

  std::unique_ptr<AtomicVideoWriter> writer;
  std::map<int, TrackTotals> tracks;
  // Three stages that overlap on two cores: the next frame decodes while this
  // one is analysed, and the annotated copy of the last one encodes meanwhile.
  // Each stage keeps its own order, so the output is what one thread would write.
  const auto read_next = [&source] {
    std::pair<bool, Frame> next;
    const auto before = std::chrono::steady_clock::now();
    next.first = source->read(next.second);
    next.second.decode_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - before).count();
    return next;
  };
  std::future<std::pair<bool, Frame>> decoding = std::async(std::launch::async, read_next);
  std::future<void> encoding;
  while (true) {
    auto [ok, frame] = decoding.get();
    if (!ok) break;
    decoding = std::async(std::launch::async, read_next);
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
    auto result = std::make_shared<FrameResult>(analyzer.analyze(std::move(frame)));
    ++summary.frames;
    if (!result->faces.empty()) ++summary.frames_with_faces;
    for (const FaceResult& face : result->faces) {
      append_face_csv_row(analysis.face_rows, result->frame, face);
      shown_labels.add(face.track_id, result->frame.timestamp_s, face.label);
      raw_labels.add(face.track_id, result->frame.timestamp_s, argmax(face.raw));
      TrackTotals& t = tracks[face.track_id];
      if (t.summary.frames == 0) {
        t.summary.id = face.track_id;
        t.summary.first_s = result->frame.timestamp_s;
      }
      ++t.summary.frames;
      t.summary.last_s = result->frame.timestamp_s;
      for (int c = 0; c < kNumEmotions; ++c) t.probability_sum[c] += face.raw[c];
      ++t.label_frames[face.label];
    }
    if (writer) {
      if (encoding.valid()) encoding.get();  // one frame in the encoder at a time, in order
      encoding = std::async(std::launch::async, [&writer, &options, result] {
        annotate_frame(result->frame.image, result->faces, options.annotate);
        writer->write(result->frame.image);
      });
    }
    if (progress) progress(summary.frames, source->frame_count());
  }
  if (encoding.valid()) encoding.get();
  // A file that stops decoding well before its end is an Error of the source
  // (frame_source.cpp owns that rule): what was decoded is kept, and said.
  if (source->state() == SourceState::Error) {
    if (summary.frames == 0) throw DataError(source->error());
    summary.decode_error = source->error();
  }
  if (summary.frames == 0) throw DataError(input + ": no frame could be decoded (empty or truncated video)");
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

  summary.shown_label_changes = shown_labels.result();
  summary.raw_label_changes = raw_labels.result();

  if (writer) writer->commit();
  return analysis;
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
