#pragma once
// Small plots drawn straight with ImDrawList (Debian ships no ImPlot): class
// probability bars, multi-line time series, and a clickable matrix heatmap.
#include <imgui.h>

#include <array>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/emotion.hpp"

namespace ferlab::app {

// One fixed colour per emotion, used in every plot so that a class looks the same everywhere.
ImU32 emotion_color(int label, float alpha = 1.0f);

using Probabilities = std::array<float, kNumEmotions>;

// The class's name if it is at most `width` wide in the current font, else its
// first three letters (unique among the seven): for labels in narrow places.
std::string_view emotion_name_fitting(int label, float width);

// Horizontal bars, one per class, with name and percentage; `highlight` outlines one class.
void probability_bars(const char* id, const Probabilities& p, ImVec2 size, int highlight = -1);

// Several classes' counts side by side (one group per class, one bar per series).
// A count is written above its bar (smaller if need be) only where it fits the bar's width, so
// that neighbours never overlap; every count is in the bar's tooltip.
struct CountSeries {
  std::string name;
  std::array<size_t, kNumEmotions> counts{};
};
void class_count_chart(const char* id, const std::vector<CountSeries>& series, ImVec2 size);

// Seven lines over a time window: samples are (time in seconds, probabilities),
// on a square-root probability axis labelled in per cent.
struct TimedProbabilities {
  double time = 0;
  Probabilities p{};
};
void probability_time_series(const char* id, const std::deque<TimedProbabilities>& samples, double window_seconds,
                             double now, ImVec2 size);

// Where matrix_heatmap, drawn at `origin` with `size`, puts its cells: column
// headers on top, row names on the left, square cells. For hit tests.
struct MatrixLayout {
  ImVec2 origin;
  float header = 0, top = 0, cell = 0;
  ImVec2 cell_min(int row, int column) const {
    return ImVec2(origin.x + header + column * cell, origin.y + top + row * cell);
  }
  ImVec2 cell_center(int row, int column) const {
    const ImVec2 a = cell_min(row, column);
    return ImVec2(a.x + cell / 2, a.y + cell / 2);
  }
};
MatrixLayout matrix_layout(ImVec2 origin, ImVec2 size);  // needs the current ImGui font
// The smallest cell, in text heights: the size a panel scrolls to rather than shrink below.
constexpr float kMatrixCellEms = 2.2f;

// A 7x7 heatmap with values in cells; returns the (row, column) clicked this frame.
// `values` are shown as colour (0..1) and `labels` are the cell texts.
std::optional<std::pair<int, int>> matrix_heatmap(const char* id,
                                                  const std::array<std::array<double, kNumEmotions>, kNumEmotions>& values,
                                                  const std::array<std::array<std::string, kNumEmotions>, kNumEmotions>& labels,
                                                  ImVec2 size);

// A colour legend for the emotion lines.
void emotion_legend();

}  // namespace ferlab::app
