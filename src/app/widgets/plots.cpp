#include "app/widgets/plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/widgets/flow.hpp"

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

// How many letters of the class names to show so that every one fits `width`:
// all of them, three, or one.
size_t name_letters_fitting(float width) {
  for (size_t letters : {size_t{8}, size_t{3}}) {
    bool all_fit = true;
    for (int c = 0; c < kNumEmotions; ++c)
      all_fit = all_fit && ImGui::CalcTextSize(std::string(std::string_view(emotion_name(c)).substr(0, letters)).c_str()).x <= width;
    if (all_fit) return letters;
  }
  return 1;
}

// The probability axis is square-root scaled: classes at a few per cent stay
// apart from each other and from zero instead of lying on the floor together.
float probability_height(float p) { return std::sqrt(std::clamp(p, 0.0f, 1.0f)); }

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
  const size_t letters = name_letters_fitting(group - 2);
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
        ImGui::SetTooltip("%s, %s: %zu", series[s].name.c_str(), emotion_name(c), n);
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
    const std::string_view name = std::string_view(emotion_name(c)).substr(0, letters);
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
  const float line = ImGui::GetTextLineHeight();
  const ImU32 faint = IM_COL32(255, 255, 255, 140);
  // The y axis's values in a gutter on the left, the plot to their right.
  const float gutter = ImGui::CalcTextSize("100%").x + 6;
  const ImVec2 start(origin.x + gutter, origin.y), end(origin.x + size.x, origin.y + size.y);
  const float width = end.x - start.x;
  draw->AddRectFilled(start, end, ImGui::GetColorU32(ImGuiCol_FrameBg));
  const auto y_of = [&](float p) { return end.y - probability_height(p) * size.y; };
  float last_label_y = end.y + line;  // labels from the bottom up, skipped where they would overlap
  for (float tick : {0.0f, 0.01f, 0.05f, 0.1f, 0.25f, 0.5f, 0.75f, 1.0f}) {
    const float y = y_of(tick);
    const float label_y = std::clamp(y - line / 2, origin.y, end.y - line);
    if (last_label_y - label_y < line) continue;
    last_label_y = label_y;
    if (tick > 0 && tick < 1) draw->AddLine(ImVec2(start.x, y), ImVec2(end.x, y), IM_COL32(255, 255, 255, 30));
    char text[8];
    std::snprintf(text, sizeof text, "%.0f%%", tick * 100);
    draw->AddText(ImVec2(start.x - 4 - ImGui::CalcTextSize(text).x, label_y), faint, text);
  }
  const auto to_screen = [&](double t, float p) {
    const float x = start.x + static_cast<float>((t - (now - window_seconds)) / window_seconds) * width;
    return ImVec2(x, y_of(p));
  };
  draw->PushClipRect(start, end, true);
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
  draw->AddText(ImVec2(start.x + 3, end.y - line - 2), faint, text);
  draw->AddText(ImVec2(end.x - ImGui::CalcTextSize("now").x - 3, end.y - line - 2), faint, "now");
  ImGui::PopID();
}

MatrixLayout matrix_layout(ImVec2 origin, ImVec2 size) {
  MatrixLayout layout;
  layout.origin = origin;
  layout.header = ImGui::CalcTextSize("surprise ").x;
  layout.top = ImGui::GetTextLineHeightWithSpacing();
  // Never below what a count of three digits needs to be read (2.2 text
  // heights): a narrower panel scrolls to the rest rather than shrink it.
  layout.cell = std::max(kMatrixCellEms * ImGui::GetFontSize(),
                         std::min((size.x - layout.header) / kNumEmotions, (size.y - layout.top) / kNumEmotions));
  return layout;
}

std::optional<std::pair<int, int>> matrix_heatmap(
    const char* id, const std::array<std::array<double, kNumEmotions>, kNumEmotions>& values,
    const std::array<std::array<std::string, kNumEmotions>, kNumEmotions>& labels, ImVec2 size) {
  ImGui::PushID(id);
  std::optional<std::pair<int, int>> clicked;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const MatrixLayout layout = matrix_layout(origin, size);
  // At least as large as the cells drawn, so that the panel scrolls to them.
  ImGui::InvisibleButton("matrix", ImVec2(std::max(size.x, layout.header + kNumEmotions * layout.cell),
                                          std::max(size.y, layout.top + kNumEmotions * layout.cell)));
  const bool hovered = ImGui::IsItemHovered();
  const bool was_clicked = ImGui::IsItemClicked();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const float header = layout.header, cell = layout.cell;
  const ImU32 text_color = ImGui::GetColorU32(ImGuiCol_Text);
  // Column headers abbreviated: seven full names do not fit above small cells.
  const size_t letters = name_letters_fitting(cell - 2);
  for (int c = 0; c < kNumEmotions; ++c) {
    const std::string name(std::string_view(emotion_name(c)).substr(0, letters));
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
                          emotion_name(c), label.c_str());
        if (was_clicked) clicked = std::make_pair(r, c);
      }
    }
  }
  ImGui::PopID();
  return clicked;
}

void emotion_legend() {
  const float h = ImGui::GetTextLineHeight();
  for (int c = 0; c < kNumEmotions; ++c) {
    const std::string name(emotion_name(c));
    if (c > 0) same_line_if_fits(h * 0.7f + 2 + ImGui::CalcTextSize(name.c_str()).x);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 0.6f, p.y + h * 0.8f),
                                              emotion_color(c));
    ImGui::Dummy(ImVec2(h * 0.7f, h));
    ImGui::SameLine(0, 2);
    ImGui::TextUnformatted(name.c_str());
  }
}

}  // namespace ferlab::app
