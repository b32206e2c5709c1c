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

// The live demo's few (the offline tools hidden): a wide feed is watched from
// across a room, so the feed takes most of the width and its explanation and
// probabilities stack beside it.
const std::array<RowPlan, 2>& wide_live_alone_plan() {
  static const std::array<RowPlan, 2> plan = {{
      {{0.62f, {{{kLive}, 1}}}, {0.38f, {{{kGradCam}, 0.5f}, {{kProbabilities}, 0.5f}}}},
      {},
  }};
  return plan;
}

// Too few lines of text for every panel at once: the feed keeps the larger
// share (the feed at half the height was a thumbnail under its controls) and
// every other panel is a tab beside it, the explanation first.
const std::array<RowPlan, 2>& compact_plan() {
  static const std::array<RowPlan, 2> plan = {{
      {{0.64f, {{{kLive}, 1}}},
       {0.36f, {{{kGradCam, kProbabilities, kModels, kDataset, kEvaluation, kExport, kLog}, 1}}}},
      {},
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

bool shows_any(const RowPlan& row, const std::array<bool, kNumPanels>& visible) {
  for (const ColumnPlan& column : row)
    for (const SlotPlan& slot : column.slots)
      for (const PanelId id : slot.panels)
        if (visible[id]) return true;
  return false;
}

}  // namespace

bool use_compact_layout(float width, float height, float font_size) {
  return width < 80 * font_size || height < 50 * font_size;
}

std::vector<PanelSlot> arrange_panels(const std::array<bool, kNumPanels>& visible, PanelRect area, bool compact) {
  const bool live_row_alone = !shows_any(wide_plan()[1], visible);
  const std::array<RowPlan, 2>& plan = compact ? compact_plan() : live_row_alone ? wide_live_alone_plan() : wide_plan();
  const std::vector<RowPlan> rows = visible_plan(plan, visible);
  std::vector<PanelSlot> slots;
  // The top row's share when both rows are there; a lone row fills the area.
  // Half: a 4:3 feed under its controls is as tall as the panel lets it be.
  const float top_share = 0.5f;
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
