#include "vision/batch_report.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "core/text.hpp"

namespace ferlab {

namespace {

std::string percent(int64_t part, int64_t whole) { return fixed(whole ? 100.0 * part / whole : 0.0, 0) + "%"; }

// "happy 52%, neutral 30%, sad 18%": the labels shown, largest first.
std::string label_shares(const std::array<int64_t, kNumEmotions>& shown) {
  int64_t total = 0;
  for (const int64_t n : shown) total += n;
  std::vector<int> order;
  for (int c = 0; c < kNumEmotions; ++c)
    if (shown[c] > 0) order.push_back(c);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return shown[a] > shown[b]; });
  std::string text;
  for (const int c : order) text += (text.empty() ? "" : ", ") + std::string(emotion_name(c)) + " " + percent(shown[c], total);
  return text;
}

std::string video_details(const nlohmann::json& s) {
  char line[512];
  std::snprintf(line, sizeof line, "%s: %lld frames, faces in %lld, %zu track(s), classifier %s, detector %s\n",
                s.value("input", "").c_str(), static_cast<long long>(s.value("frames", 0)),
                static_cast<long long>(s.value("frames_with_faces", 0)), s["tracks"].size(),
                s.value("classifier", "").c_str(), s.value("detector", "").c_str());
  std::string text = line;
  for (const auto& t : s["tracks"]) {
    const std::string emotion = t.value("emotion", "");
    std::snprintf(line, sizeof line, "  track %d: %s (mean p %.2f) over %lld frames, %.1f-%.1f s; time:",
                  t.value("id", 0), emotion.c_str(), t["mean_probabilities"].value(emotion, 0.0),
                  static_cast<long long>(t.value("frames", 0)), t.value("first_s", 0.0), t.value("last_s", 0.0));
    text += line;
    for (const auto name : emotion_names()) {
      const double share = t["time_share"].value(std::string(name), 0.0);
      if (share > 0) text += " " + std::string(name) + " " + fixed(100 * share, 0) + "%";
    }
    text += '\n';
  }
  const auto& shown = s["label_changes"]["shown"];
  const auto& raw = s["label_changes"]["raw"];
  std::snprintf(line, sizeof line,
                "label changes per minute of track time: shown (smoothed) %.1f, raw %.1f (%lld and %lld changes in "
                "%.1f s)\n",
                shown.value("per_minute", 0.0), raw.value("per_minute", 0.0),
                static_cast<long long>(shown.value("changes", 0)), static_cast<long long>(raw.value("changes", 0)),
                shown.value("seconds", 0.0));
  return text + line;
}

std::string image_details(const nlohmann::json& s) {
  std::string text;
  int id = 0;
  for (const auto& f : s["faces"]) {
    const auto& box = f["box"];
    char line[256];
    std::snprintf(line, sizeof line, "face %d at (%.0f,%.0f %.0fx%.0f): %s %.0f%%", ++id, box[0].get<double>(),
                  box[1].get<double>(), box[2].get<double>(), box[3].get<double>(), f.value("emotion", "").c_str(),
                  100 * f.value("confidence", 0.0));
    text += line;
    for (const auto name : emotion_names())
      text += " " + std::string(name) + "=" + fixed(f["probabilities"].value(std::string(name), 0.0), 2);
    text += '\n';
  }
  return text;
}

// One line: "a.mp4: 120 frames, faces in 118, 2 track(s): happy 60%, neutral 40%".
std::string file_line(const FileOutcome& o, MediaKind kind) {
  if (!o.error.empty() && o.frames == 0) return o.input + ": failed\n";
  std::string line = o.input + ": ";
  if (kind == MediaKind::Video)
    line += std::to_string(o.frames) + " frames, faces in " + std::to_string(o.frames_with_faces) + ", " +
            std::to_string(o.tracks) + " track(s)";
  else
    line += std::to_string(o.tracks) + (o.tracks == 1 ? " face" : " faces");
  if (o.faces() > 0) line += ": " + label_shares(o.shown);
  if (!o.error.empty()) line += " (incomplete)";
  return line + '\n';
}

// The outcomes added up, once for the text and the JSON.
struct BatchTotals {
  int64_t frames = 0, frames_with_faces = 0, tracks = 0;
  std::array<int64_t, kNumEmotions> shown{};
  int64_t faces() const { return std::accumulate(shown.begin(), shown.end(), int64_t{0}); }
};

BatchTotals add_up(const BatchReport& report) {
  BatchTotals totals;
  for (const FileOutcome& o : report.outcomes) {
    totals.frames += o.frames;
    totals.frames_with_faces += o.frames_with_faces;
    totals.tracks += o.tracks;
    for (int c = 0; c < kNumEmotions; ++c) totals.shown[c] += o.shown[c];
  }
  return totals;
}

}  // namespace

std::string file_details_text(const FileOutcome& outcome, MediaKind kind) {
  if (!outcome.error.empty() && outcome.frames == 0) return "";
  return kind == MediaKind::Video ? video_details(outcome.summary) : image_details(outcome.summary);
}

std::string batch_summary_text(const BatchReport& report, const BatchInputs& inputs, MediaKind kind) {
  std::string text;
  for (const FileOutcome& o : report.outcomes) text += file_line(o, kind);
  const BatchTotals sum = add_up(report);
  const int64_t frames = sum.frames, with_faces = sum.frames_with_faces, faces = sum.faces();
  const size_t tried = report.outcomes.size();
  const size_t total = tried + report.not_analysed.size();
  text += "\n" + std::to_string(total) + " file(s): " + std::to_string(tried - report.failed()) + " analysed";
  if (report.failed()) text += ", " + std::to_string(report.failed()) + " failed";
  if (!report.not_analysed.empty()) text += ", " + std::to_string(report.not_analysed.size()) + " not analysed";
  text += "\n";
  if (kind == MediaKind::Video)
    text += std::to_string(frames) + " frames, faces in " + std::to_string(with_faces) + " (" +
            percent(with_faces, frames) + "), " + std::to_string(sum.tracks) + " track(s)";
  else
    text += std::to_string(faces) + " face(s) in " + std::to_string(with_faces) + " of " + std::to_string(frames) +
            " photo(s)";
  if (faces > 0)
    text += "; the label shown" + std::string(kind == MediaKind::Video ? " over " + std::to_string(faces) + " face-frames" : "") +
            ": " + label_shares(sum.shown);
  text += "\n";
  if (!inputs.skipped.empty()) {
    text += "skipped " + std::to_string(inputs.skipped.size()) + " file(s) of another kind in the folders, e.g. " +
            inputs.skipped.front() + "\n";
  }
  for (const std::string& message : inputs.empty_folders) text += "failed: " + message + "\n";
  for (const FileOutcome& o : report.outcomes)
    if (!o.error.empty()) text += "failed: " + o.error + "\n";
  if (report.interrupted) {
    text += "interrupted after " + std::to_string(tried) + " of " + std::to_string(total) +
            " file(s); not analysed: ";
    for (size_t i = 0; i < report.not_analysed.size(); ++i) {
      if (i == 5) {
        text += " and " + std::to_string(report.not_analysed.size() - 5) + " more";
        break;
      }
      text += (i ? ", " : "") + report.not_analysed[i];
    }
    text += "\n";
  }
  return text;
}

nlohmann::json batch_summary_json(const BatchReport& report, const BatchInputs& inputs) {
  nlohmann::json files = nlohmann::json::array();
  for (const FileOutcome& o : report.outcomes) {
    nlohmann::json file{{"input", o.input}, {"summary", o.summary}};
    if (o.wrote_copy()) file["output"] = o.output;
    if (!o.error.empty()) file["error"] = o.error;
    files.push_back(file);
  }
  const BatchTotals sum = add_up(report);
  nlohmann::json totals{{"files", report.outcomes.size() + report.not_analysed.size()},
                        {"analysed", report.outcomes.size() - report.failed()},
                        {"failed", report.failed()},
                        {"frames", sum.frames},
                        {"frames_with_faces", sum.frames_with_faces}};
  for (int c = 0; c < kNumEmotions; ++c) totals["faces_by_label"][emotion_name(c)] = sum.shown[c];
  return {{"files", files},
          {"totals", totals},
          {"interrupted", report.interrupted},
          {"not_analysed", report.not_analysed},
          {"skipped", inputs.skipped},
          {"empty_folders", inputs.empty_folders}};
}

}  // namespace ferlab
