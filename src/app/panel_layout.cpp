#include "app/panel_layout.hpp"

#include <cstddef>

namespace ferlab::app {
namespace {

// A column of a row: slots stacked top to bottom, each with its share of the
// column's height, and the column's share of the row's width.
struct SlotPlan {
  std::vector<PanelId> panels;
  float height_share;
};
struct ColumnPlan {
  float width_share;
  std::vector<SlotPlan> slots;
};
using RowPlan = std::vector<ColumnPlan>;

// The default proportions: at 1600 x 1000 the confusion matrix with its
// per-class table and the model comparison fit in the bottom row unscrolled.
const std::array<RowPlan, 2>& wide_plan() {
  static const std::array<RowPlan, 2> plan = {{
      {{0.40f, {{{kLive}, 1}}}, {0.28f, {{{kGradCam}, 1}}}, {0.32f, {{{kProbabilities}, 1}}}},
      {{0.37f, {{{kDataset}, 1}}},
       {0.32f, {{{kEvaluation}, 1}}},
       {0.31f, {{{kModels}, 0.79f}, {{kExport}, 0.21f}}},
       {0.31f, {{{kLog}, 1}}}},
  }};
  return plan;
}

const std::array<RowPlan, 2>& compact_plan() {
  static const std::array<RowPlan, 2> plan = {{
      {{0.5f, {{{kLive}, 1}}}, {0.5f, {{{kProbabilities, kGradCam}, 1}}}},
      {{0.5f, {{{kDataset, kExport}, 1}}}, {0.5f, {{{kEvaluation, kModels, kLog}, 1}}}},
  }};
  return plan;
}

// The plan with hidden panels left out, and columns and rows left empty dropped.
std::vector<RowPlan> visible_plan(const std::array<RowPlan, 2>& plan, const std::array<bool, kNumPanels>& visible) {
  std::vector<RowPlan> rows;
  for (const RowPlan& row : plan) {
    RowPlan kept_row;
    for (const ColumnPlan& column : row) {
      ColumnPlan kept_column{column.width_share, {}};
      for (const SlotPlan& slot : column.slots) {
        SlotPlan kept_slot{{}, slot.height_share};
        for (PanelId id : slot.panels)
          if (visible[id]) kept_slot.panels.push_back(id);
        if (!kept_slot.panels.empty()) kept_column.slots.push_back(kept_slot);
      }
      if (!kept_column.slots.empty()) kept_row.push_back(kept_column);
    }
    if (!kept_row.empty()) rows.push_back(kept_row);
  }
  return rows;
}

}  // namespace

bool use_compact_layout(float width, float height, float font_size) {
  return width < 80 * font_size || height < 50 * font_size;
}

std::vector<PanelSlot> arrange_panels(const std::array<bool, kNumPanels>& visible, PanelRect area, bool compact) {
  const std::vector<RowPlan> rows = visible_plan(compact ? compact_plan() : wide_plan(), visible);
  std::vector<PanelSlot> slots;
  // The top row's share when both rows are there; a lone row fills the area.
  const float top_share = 0.43f;
  float y = area.y;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const float row_height = rows.size() == 1 ? area.height : area.height * (r == 0 ? top_share : 1 - top_share);
    float width_total = 0;
    for (const ColumnPlan& column : rows[r]) width_total += column.width_share;
    float x = area.x;
    for (const ColumnPlan& column : rows[r]) {
      const float width = area.width * column.width_share / width_total;
      float height_total = 0;
      for (const SlotPlan& slot : column.slots) height_total += slot.height_share;
      float slot_y = y;
      for (const SlotPlan& slot : column.slots) {
        const float height = row_height * slot.height_share / height_total;
        slots.push_back({{x, slot_y, width, height}, slot.panels});
        slot_y += height;
      }
      x += width;
    }
    y += row_height;
  }
  return slots;
}

}  // namespace ferlab::app
