#include "app/widgets/plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ferlab::app {
namespace {

// Distinct, colour-blind-friendlier hues (Okabe-Ito order), neutral grey.
constexpr std::array<std::array<int, 3>, kNumEmotions> kEmotionRgb = {{
    {213, 94, 0},    // angry: vermillion
    {0, 158, 115},   // disgust: bluish green
    {204, 121, 167}, // fear: reddish purple
    {240, 228, 66},  // happy: yellow
    {0, 114, 178},   // sad: blue
    {230, 159, 0},   // surprise: orange
    {170, 170, 170}, // neutral: grey
}};

ImU32 heat_color(double t) {
  // Dark blue to bright yellow-white, readable under black or white text.
  t = std::clamp(t, 0.0, 1.0);
  const float r = static_cast<float>(std::min(1.0, 0.10 + 1.6 * t));
  const float g = static_cast<float>(0.12 + 0.75 * t);
  const float b = static_cast<float>(0.35 + 0.25 * std::sin(t * 3.14159));
  return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.0f));
}

}  // namespace

ImU32 emotion_color(int label, float alpha) {
  const auto& rgb = kEmotionRgb[static_cast<size_t>(std::clamp(label, 0, kNumEmotions - 1))];
  return IM_COL32(rgb[0], rgb[1], rgb[2], static_cast<int>(alpha * 255));
}

void probability_bars(const char* id, const Probabilities& p, ImVec2 size, int highlight) {
  ImGui::PushID(id);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("bars", size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float name_width = ImGui::CalcTextSize("surprise ").x;
  const float value_width = ImGui::CalcTextSize("100.0%").x;
  const float row = size.y / kNumEmotions;
  const float bar_max = std::max(1.0f, size.x - name_width - value_width - 8);
  for (int c = 0; c < kNumEmotions; ++c) {
    const float y = origin.y + c * row;
    const float text_y = y + (row - ImGui::GetTextLineHeight()) / 2;
    const std::string name(emotion_name(c));
    draw->AddText(ImVec2(origin.x, text_y), ImGui::GetColorU32(ImGuiCol_Text), name.c_str());
    const ImVec2 bar_min(origin.x + name_width, y + row * 0.15f);
    const ImVec2 bar_end(bar_min.x + bar_max, y + row * 0.85f);
    draw->AddRectFilled(bar_min, bar_end, ImGui::GetColorU32(ImGuiCol_FrameBg));
    const float value = std::clamp(p[static_cast<size_t>(c)], 0.0f, 1.0f);
    draw->AddRectFilled(bar_min, ImVec2(bar_min.x + bar_max * value, bar_end.y), emotion_color(c));
    if (c == highlight) draw->AddRect(bar_min, bar_end, IM_COL32(255, 255, 255, 255), 0, 0, 2.0f);
    char text[16];
    std::snprintf(text, sizeof text, "%5.1f%%", value * 100);
    draw->AddText(ImVec2(bar_end.x + 6, text_y), ImGui::GetColorU32(ImGuiCol_Text), text);
  }
  ImGui::PopID();
}

std::string_view emotion_name_fitting(int label, float width) {
  const std::string_view name = emotion_name(label);
  if (ImGui::CalcTextSize(name.data(), name.data() + name.size()).x <= width) return name;
  return name.substr(0, 3);
}

void class_count_chart(const char* id, const std::vector<CountSeries>& series, ImVec2 size) {
  ImGui::PushID(id);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("chart", size);
  const bool hovered = ImGui::IsItemHovered();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  size_t max_count = 1;
  for (const auto& s : series) max_count = std::max(max_count, *std::max_element(s.counts.begin(), s.counts.end()));
  const float label_height = ImGui::GetTextLineHeightWithSpacing();
  const float plot_height = size.y - label_height * 2;
  const float group = size.x / kNumEmotions;
  const float bar = series.empty() ? 0 : group * 0.8f / series.size();
  const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_Text);
  for (int c = 0; c < kNumEmotions; ++c) {
    const float gx = origin.x + c * group + group * 0.1f;
    for (size_t s = 0; s < series.size(); ++s) {
      const size_t n = series[s].counts[static_cast<size_t>(c)];
      const float h = plot_height * static_cast<float>(n) / max_count;
      const ImVec2 bmin(gx + s * bar, origin.y + label_height + plot_height - h);
      const ImVec2 bmax(gx + (s + 1) * bar - 1, origin.y + label_height + plot_height);
      // Series are told apart by brightness; classes by hue.
      draw->AddRectFilled(bmin, bmax, emotion_color(c, s == 0 ? 1.0f : 0.55f));
      if (hovered && ImGui::IsMouseHoveringRect(bmin, ImVec2(bmax.x, origin.y + size.y))) {
        ImGui::SetTooltip("%s, %s: %zu", series[s].name.c_str(), std::string(emotion_name(c)).c_str(), n);
      }
      if (series.size() <= 3) {
        char text[16];
        std::snprintf(text, sizeof text, "%zu", n);
        // Too wide for its bar: a smaller size, else none (its neighbours' labels sit at the same heights).
        for (const float scale : {1.0f, 0.75f}) {
          const float font_size = ImGui::GetFontSize() * scale;
          const float w = ImGui::CalcTextSize(text).x * scale;
          if (w > bar) continue;
          draw->AddText(ImGui::GetFont(), font_size, ImVec2(bmin.x + (bar - w) / 2, bmin.y - font_size - 1), text_color,
                        text);
          break;
        }
      }
    }
    const std::string_view name = emotion_name_fitting(c, group - 2);
    const float w = ImGui::CalcTextSize(name.data(), name.data() + name.size()).x;
    draw->AddText(ImVec2(origin.x + c * group + (group - w) / 2, origin.y + size.y - label_height), text_color,
                  name.data(), name.data() + name.size());
  }
  ImGui::PopID();
}

void probability_time_series(const char* id, const std::deque<TimedProbabilities>& samples, double window_seconds,
                             double now, ImVec2 size) {
  ImGui::PushID(id);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("series", size);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 end(origin.x + size.x, origin.y + size.y);
  draw->AddRectFilled(origin, end, ImGui::GetColorU32(ImGuiCol_FrameBg));
  for (int i = 1; i < 4; ++i) {  // 25 % grid lines
    const float y = origin.y + size.y * i / 4.0f;
    draw->AddLine(ImVec2(origin.x, y), ImVec2(end.x, y), IM_COL32(255, 255, 255, 30));
  }
  const auto to_screen = [&](double t, float p) {
    const float x = origin.x + static_cast<float>((t - (now - window_seconds)) / window_seconds) * size.x;
    return ImVec2(x, origin.y + (1.0f - std::clamp(p, 0.0f, 1.0f)) * size.y);
  };
  draw->PushClipRect(origin, end, true);
  std::vector<ImVec2> points;
  for (int c = 0; c < kNumEmotions; ++c) {
    points.clear();
    for (const auto& s : samples) {
      if (s.time < now - window_seconds) continue;
      points.push_back(to_screen(s.time, s.p[static_cast<size_t>(c)]));
    }
    if (points.size() >= 2) draw->AddPolyline(points.data(), static_cast<int>(points.size()), emotion_color(c), 0, 2.0f);
  }
  draw->PopClipRect();
  char text[32];
  std::snprintf(text, sizeof text, "-%.0f s", window_seconds);
  draw->AddText(ImVec2(origin.x + 3, end.y - ImGui::GetTextLineHeight() - 2), IM_COL32(255, 255, 255, 140), text);
  draw->AddText(ImVec2(end.x - ImGui::CalcTextSize("now").x - 3, end.y - ImGui::GetTextLineHeight() - 2),
                IM_COL32(255, 255, 255, 140), "now");
  ImGui::PopID();
}

MatrixLayout matrix_layout(ImVec2 origin, ImVec2 size) {
  MatrixLayout layout;
  layout.origin = origin;
  layout.header = ImGui::CalcTextSize("surprise ").x;
  layout.top = ImGui::GetTextLineHeightWithSpacing();
  layout.cell = std::max(4.0f, std::min((size.x - layout.header) / kNumEmotions, (size.y - layout.top) / kNumEmotions));
  return layout;
}

std::optional<std::pair<int, int>> matrix_heatmap(
    const char* id, const std::array<std::array<double, kNumEmotions>, kNumEmotions>& values,
    const std::array<std::array<std::string, kNumEmotions>, kNumEmotions>& labels, ImVec2 size) {
  ImGui::PushID(id);
  std::optional<std::pair<int, int>> clicked;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("matrix", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool was_clicked = ImGui::IsItemClicked();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const MatrixLayout layout = matrix_layout(origin, size);
  const float header = layout.header, cell = layout.cell;
  const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_Text);
  for (int c = 0; c < kNumEmotions; ++c) {
    // Column headers abbreviated: seven full names do not fit above small cells.
    const std::string name(emotion_name(c).substr(0, cell > ImGui::CalcTextSize("surprise").x ? 8 : 3));
    const float w = ImGui::CalcTextSize(name.c_str()).x;
    draw->AddText(ImVec2(origin.x + header + c * cell + (cell - w) / 2, origin.y), text_color, name.c_str());
  }
  for (int r = 0; r < kNumEmotions; ++r) {
    const float y = layout.cell_min(r, 0).y;
    const std::string name(emotion_name(r));
    draw->AddText(ImVec2(origin.x, y + (cell - ImGui::GetTextLineHeight()) / 2), text_color, name.c_str());
    for (int c = 0; c < kNumEmotions; ++c) {
      const ImVec2 cmin = layout.cell_min(r, c);
      const ImVec2 cmax(cmin.x + cell - 1, cmin.y + cell - 1);
      const double v = values[static_cast<size_t>(r)][static_cast<size_t>(c)];
      draw->AddRectFilled(cmin, cmax, heat_color(v));
      const std::string& label = labels[static_cast<size_t>(r)][static_cast<size_t>(c)];
      // Counts of three or four digits outgrow small cells: shrink the text to
      // fit rather than leave the busiest cells blank, down to a legible 60 %.
      const ImVec2 full = ImGui::CalcTextSize(label.c_str());
      const float scale = std::min(1.0f, (cell - 3) / std::max(full.x, 1.0f));
      if (scale >= 0.6f) {
        const ImVec2 ts(full.x * scale, full.y * scale);
        const ImU32 ink = v > 0.55 ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
        draw->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale,
                      ImVec2(cmin.x + (cell - ts.x) / 2, cmin.y + (cell - ts.y) / 2), ink, label.c_str());
      }
      if (hovered && ImGui::IsMouseHoveringRect(cmin, cmax)) {
        draw->AddRect(cmin, cmax, IM_COL32(255, 255, 255, 255), 0, 0, 2.0f);
        ImGui::SetTooltip("true %s, predicted %s: %s\nclick to browse these samples", name.c_str(),
                          std::string(emotion_name(c)).c_str(), label.c_str());
        if (was_clicked) clicked = std::make_pair(r, c);
      }
    }
  }
  ImGui::PopID();
  return clicked;
}

void emotion_legend() {
  for (int c = 0; c < kNumEmotions; ++c) {
    if (c > 0) ImGui::SameLine();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 0.6f, p.y + h * 0.8f),
                                              emotion_color(c));
    ImGui::Dummy(ImVec2(h * 0.7f, h));
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(std::string(emotion_name(c)).c_str());
  }
}

}  // namespace ferlab::app
