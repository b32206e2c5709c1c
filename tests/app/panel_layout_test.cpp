// The panels' arrangement: the visible panels tile the work area without gaps
// or overlaps whatever is hidden, and a small screen shares slots as tabs.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/panel_layout.hpp"

namespace ferlab::app {
namespace {

constexpr PanelRect kArea{0, 20, 1600, 980};

std::array<bool, kNumPanels> all_but(std::initializer_list<PanelId> hidden) {
  std::array<bool, kNumPanels> visible{};
  visible.fill(true);
  for (PanelId id : hidden) visible[id] = false;
  return visible;
}

double covered_area(const std::vector<PanelSlot>& slots) {
  double total = 0;
  for (const auto& s : slots) total += static_cast<double>(s.rect.width) * s.rect.height;
  return total;
}

bool overlap(const PanelRect& a, const PanelRect& b) {
  const float eps = 0.01f;
  return a.x + eps < b.x + b.width && b.x + eps < a.x + a.width && a.y + eps < b.y + b.height &&
         b.y + eps < a.y + a.height;
}

void expect_tiles_the_area(const std::vector<PanelSlot>& slots) {
  EXPECT_NEAR(covered_area(slots), static_cast<double>(kArea.width) * kArea.height, 1.0);
  for (size_t i = 0; i < slots.size(); ++i) {
    const auto& r = slots[i].rect;
    EXPECT_GE(r.x, kArea.x - 0.01f);
    EXPECT_GE(r.y, kArea.y - 0.01f);
    EXPECT_LE(r.x + r.width, kArea.x + kArea.width + 0.01f);
    EXPECT_LE(r.y + r.height, kArea.y + kArea.height + 0.01f);
    for (size_t j = i + 1; j < slots.size(); ++j) EXPECT_FALSE(overlap(r, slots[j].rect)) << i << " and " << j;
  }
}

const PanelSlot* slot_of(const std::vector<PanelSlot>& slots, PanelId id) {
  for (const auto& s : slots)
    if (std::find(s.panels.begin(), s.panels.end(), id) != s.panels.end()) return &s;
  return nullptr;
}

TEST(PanelLayout, EveryPanelShownGetsItsOwnWindowTilingTheArea) {
  const auto slots = arrange_panels(all_but({}), kArea, false);
  ASSERT_EQ(slots.size(), static_cast<size_t>(kNumPanels));
  for (const auto& s : slots) EXPECT_EQ(s.panels.size(), 1u);
  expect_tiles_the_area(slots);
  // Models and Export share a column, Models above.
  const auto* models = slot_of(slots, kModels);
  const auto* exporter = slot_of(slots, kExport);
  EXPECT_FLOAT_EQ(models->rect.x, exporter->rect.x);
  EXPECT_LT(models->rect.y, exporter->rect.y);
}

TEST(PanelLayout, AHiddenPanelsRoomGoesToTheRestOfItsRow) {
  const auto shown = arrange_panels(all_but({kLog}), kArea, false);
  const auto hidden = arrange_panels(all_but({kLog, kGradCam}), kArea, false);
  expect_tiles_the_area(hidden);
  EXPECT_EQ(slot_of(hidden, kGradCam), nullptr);
  EXPECT_GT(slot_of(hidden, kLive)->rect.width, slot_of(shown, kLive)->rect.width);
  EXPECT_GT(slot_of(hidden, kProbabilities)->rect.width, slot_of(shown, kProbabilities)->rect.width);
  // The other row is untouched.
  EXPECT_FLOAT_EQ(slot_of(hidden, kEvaluation)->rect.width, slot_of(shown, kEvaluation)->rect.width);
}

TEST(PanelLayout, ARowWithNothingShownGivesTheOtherRowTheFullHeight) {
  const auto slots = arrange_panels(all_but({kLive, kGradCam, kProbabilities}), kArea, false);
  expect_tiles_the_area(slots);
  EXPECT_FLOAT_EQ(slot_of(slots, kDataset)->rect.height, kArea.height);
  EXPECT_FLOAT_EQ(slot_of(slots, kDataset)->rect.y, kArea.y);
}

TEST(PanelLayout, OnePanelFillsTheArea) {
  std::array<bool, kNumPanels> visible{};
  visible[kEvaluation] = true;
  const auto slots = arrange_panels(visible, kArea, false);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_FLOAT_EQ(slots[0].rect.width, kArea.width);
  EXPECT_FLOAT_EQ(slots[0].rect.height, kArea.height);
}

TEST(PanelLayout, CompactLayoutKeepsTheFeedInItsOwnWindowAndTheRestAsTabsBesideIt) {
  const auto slots = arrange_panels(all_but({}), kArea, true);
  ASSERT_EQ(slots.size(), 2u);
  expect_tiles_the_area(slots);
  const PanelSlot* live = slot_of(slots, kLive);
  EXPECT_EQ(live->panels, std::vector<PanelId>{kLive});
  EXPECT_FLOAT_EQ(live->rect.height, kArea.height);
  EXPECT_GT(live->rect.width, kArea.width / 2) << "the feed keeps the larger share";
  const PanelSlot* tabs = slot_of(slots, kGradCam);
  EXPECT_EQ(tabs->panels.front(), kGradCam) << "the explanation is the tab shown first";
  for (const PanelId id : {kProbabilities, kModels, kDataset, kEvaluation, kExport, kLog})
    EXPECT_EQ(slot_of(slots, id), tabs);
  // Hiding a tab's panel leaves the slot with the others; hiding the feed gives the tabs the area.
  const auto fewer = arrange_panels(all_but({kGradCam}), kArea, true);
  EXPECT_EQ(slot_of(fewer, kProbabilities)->panels.front(), kProbabilities);
  const auto no_feed = arrange_panels(all_but({kLive}), kArea, true);
  ASSERT_EQ(no_feed.size(), 1u);
  EXPECT_FLOAT_EQ(no_feed[0].rect.width, kArea.width);
}

TEST(PanelLayout, TheLiveDemosFewGiveTheFeedMostOfTheWidthAndStackTheRestBesideIt) {
  std::array<bool, kNumPanels> visible{};
  visible[kLive] = visible[kGradCam] = visible[kProbabilities] = true;
  const auto slots = arrange_panels(visible, kArea, false);
  ASSERT_EQ(slots.size(), 3u);
  expect_tiles_the_area(slots);
  const PanelRect live = slot_of(slots, kLive)->rect, cam = slot_of(slots, kGradCam)->rect,
                  bars = slot_of(slots, kProbabilities)->rect;
  EXPECT_GT(live.width, 0.6f * kArea.width);
  EXPECT_FLOAT_EQ(live.height, kArea.height);
  EXPECT_FLOAT_EQ(cam.x, bars.x);
  EXPECT_LT(cam.y, bars.y);
  // One offline tool shown as well: the usual two rows.
  visible[kDataset] = true;
  EXPECT_LT(slot_of(arrange_panels(visible, kArea, false), kLive)->rect.height, kArea.height);
}

TEST(PanelLayout, TabsAreUsedWhenTheScreenHoldsTooFewLinesOfText) {
  EXPECT_TRUE(use_compact_layout(1024, 680, 15));   // a small window
  EXPECT_FALSE(use_compact_layout(1600, 980, 15));  // the default size
  EXPECT_TRUE(use_compact_layout(1600, 970, 30));   // the same at --scale 2
  EXPECT_FALSE(use_compact_layout(2880, 1770, 30)); // a large screen at --scale 2
}

}  // namespace
}  // namespace ferlab::app
