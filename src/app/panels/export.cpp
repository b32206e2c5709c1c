#include "app/panels/export.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <ctime>
#include <sstream>

#include "app/text_clipping.hpp"
#include "app/widgets/flow.hpp"
#include "app/gl/screenshot.hpp"
#include "plot/png_file.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace ferlab::app {
namespace {

std::string timestamp() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", std::localtime(&now));
  return text;
}

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

// Runs one export and reports it; every failure goes to the log with its path.
template <typename Write>
void export_file(Workbench& bench, const std::string& path, Write write) {
  try {
    write(path);
    bench.log.info("saved " + path);
  } catch (const std::exception& e) {
    bench.log.error(std::string("export failed: ") + e.what());
  }
}

}  // namespace

std::string probability_history_csv(const ProbabilityHistory& history) {
  std::ostringstream out;
  out << "time_s,track,kind";
  for (const auto& name : emotion_names()) out << ',' << name;
  out << '\n';
  const auto rows = [&](const std::deque<TimedProbabilities>& samples, const char* kind) {
    for (const auto& s : samples) {
      out << s.time << ',' << history.track_id << ',' << kind;
      for (float p : s.p) out << ',' << p;
      out << '\n';
    }
  };
  rows(history.raw, "raw");
  rows(history.smoothed, "smoothed");
  return out.str();
}

cv::Mat render_confusion_png(const SplitEvaluation& evaluation) {
  constexpr int kCell = 64, kLeft = 110, kTop = 70;
  const int side = kLeft + kCell * kNumEmotions + 10;
  cv::Mat image(kTop + kCell * kNumEmotions + 40, side, CV_8UC3, cv::Scalar(255, 255, 255));
  const auto& matrix = evaluation.result.confusion;
  const auto share = matrix.row_normalized();
  const auto font = cv::FONT_HERSHEY_SIMPLEX;
  char title[160];
  std::snprintf(title, sizeof title, "%s on %s: accuracy %.1f%%", evaluation.model.c_str(),
                std::string(split_name(evaluation.split)).c_str(), 100 * matrix.accuracy());
  cv::putText(image, title, {10, 24}, font, 0.55, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  for (int c = 0; c < kNumEmotions; ++c) {
    const std::string name(std::string_view(emotion_name(c)).substr(0, 4));
    cv::putText(image, name, {kLeft + c * kCell + 12, kTop - 10}, font, 0.45, cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    cv::putText(image, std::string(emotion_name(c)), {8, kTop + c * kCell + kCell / 2 + 5}, font, 0.45,
                cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
  }
  for (int t = 0; t < kNumEmotions; ++t) {
    for (int p = 0; p < kNumEmotions; ++p) {
      const double v = share[static_cast<size_t>(t)][static_cast<size_t>(p)];
      // White to dark blue by the row share, so that the diagonal stands out.
      const cv::Scalar colour(255 - 120 * v, 255 - 200 * v, 255 - 230 * v);
      const cv::Rect cell(kLeft + p * kCell, kTop + t * kCell, kCell - 2, kCell - 2);
      cv::rectangle(image, cell, colour, cv::FILLED);
      const std::string count = std::to_string(matrix.count(t, p));
      const cv::Scalar ink = v > 0.5 ? cv::Scalar(255, 255, 255) : cv::Scalar(0, 0, 0);
      cv::putText(image, count, {cell.x + 8, cell.y + kCell / 2 + 5}, font, 0.5, ink, 1, cv::LINE_AA);
    }
  }
  cv::putText(image, "rows: true class, columns: predicted", {10, image.rows - 14}, font, 0.45,
              cv::Scalar(80, 80, 80), 1, cv::LINE_AA);
  return image;
}

void draw_export_panel(ExportPanel& panel, Workbench& bench) {
  ImGui::SetNextItemWidth(-ImGui::CalcTextSize("folder").x - ImGui::GetStyle().ItemInnerSpacing.x * 2);
  ImGui::InputText("folder", &panel.directory);
  note_text_field();
  if (ImGui::Button("Screenshot (F12)")) bench.screenshot_request = join(panel.directory, "ferlab-" + timestamp() + ".png");
  same_line_if_fits(button_width("Probabilities CSV"));
  const bool has_history = !bench.history.raw.empty();
  if (!has_history) ImGui::BeginDisabled();
  if (ImGui::Button("Probabilities CSV")) {
    export_file(bench, join(panel.directory, "probabilities-track" + std::to_string(bench.history.track_id) + "-" +
                                                 timestamp() + ".csv"),
                [&](const std::string& path) { write_text_atomically(path, probability_history_csv(bench.history)); });
  }
  if (!has_history) ImGui::EndDisabled();

  const auto evaluations = bench.current_evaluations();
  if (evaluations.empty()) {
    ImGui::TextDisabled("Confusion matrices appear here after an evaluation.");
    return;
  }
  panel.evaluation = std::clamp(panel.evaluation, 0, static_cast<int>(evaluations.size()) - 1);
  const auto& chosen = *evaluations[static_cast<size_t>(panel.evaluation)];
  const auto label = [](const SplitEvaluation& e) { return e.model + " on " + std::string(split_name(e.split)); };
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
  if (ImGui::BeginCombo("##evaluation", label(chosen).c_str())) {
    for (size_t i = 0; i < evaluations.size(); ++i) {
      if (ImGui::Selectable(label(*evaluations[i]).c_str(), static_cast<int>(i) == panel.evaluation)) {
        panel.evaluation = static_cast<int>(i);
      }
    }
    ImGui::EndCombo();
  }
  same_line_if_fits(button_width("CSV"));
  const std::string stem = join(panel.directory, "confusion-" + timestamp());
  if (ImGui::Button("CSV")) {
    export_file(bench, stem + ".csv",
                [&](const std::string& path) { write_text_atomically(path, chosen.result.confusion.to_csv()); });
  }
  same_line_if_fits(button_width("PNG"));
  if (ImGui::Button("PNG")) {
    export_file(bench, stem + ".png", [&](const std::string& path) { save_png(path, render_confusion_png(chosen)); });
  }
}

}  // namespace ferlab::app
