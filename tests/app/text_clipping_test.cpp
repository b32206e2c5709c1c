// The clipped-text finder on real ImGui frames: a line too long for its panel,
// a button label cut by its button and a button placed past the edge are
// found, with the panel and the visible words; text that fits, and text in a
// panel that scrolls sideways, are not. (A cut that falls exactly in a space
// between words leaves no glyph cut; the layout test renders several sizes.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/text_clipping.hpp"
#include "studio_fixture.hpp"
#include "ui_harness.hpp"

namespace ferlab::app::testing {
namespace {

#define FERLAB_REQUIRE_UI(ui)                                                \
  do {                                                                       \
    if (!have_display()) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)"; \
    ASSERT_TRUE((ui).ok()) << "no OpenGL 3.3 context";                       \
  } while (0)

// Two frames of `draw` in a 240 x 200 panel named "Panel" (the first lays it out).
std::vector<ClippedText> clipped_after(UiHarness& ui, const std::function<void()>& draw,
                                       ImGuiWindowFlags flags = 0) {
  const auto panel = [&] {
    ImGui::SetNextWindowPos(ImVec2(10, 10));  // over the harness's full-display placement
    ImGui::SetNextWindowSize(ImVec2(240, 200));
    ImGui::Begin("Panel", nullptr, flags);
    draw();
    ImGui::End();
  };
  for (int i = 0; i < 2; ++i) {
    ui.frame(ImVec2(-1, -1), false, panel);
    ImGui::Render();
  }
  return clipped_text(*ImGui::GetDrawData());
}

std::string describe(const std::vector<ClippedText>& found) {
  std::string text;
  for (const auto& c : found) text += "[" + c.window + ": " + c.text + "] ";
  return text;
}

TEST(TextClipping, TextThatFitsIsNotReported) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  const auto found = clipped_after(ui, [] {
    ImGui::TextUnformatted("short words");
    ImGui::Button("OK");
    ImGui::TextWrapped("a long sentence that wraps inside the panel instead of running past its right edge");
  });
  EXPECT_TRUE(found.empty()) << describe(found);
}

TEST(TextClipping, ALineLongerThanThePanelIsReportedWithItsVisibleWords) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  const auto found = clipped_after(ui, [] {
    ImGui::TextUnformatted("fits");
    ImGui::TextUnformatted("this line of text is much too long for a panel of this width");
  });
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].window, "Panel");
  EXPECT_EQ(found[0].text.rfind("this line of text", 0), 0u) << found[0].text;
  EXPECT_LT(found[0].text.size(), std::string("this line of text is much too long for a panel of this width").size());
  for (const auto& c : found) EXPECT_EQ(c.text.find("fits"), std::string::npos) << describe(found);
}

TEST(TextClipping, AButtonLabelCutByItsButtonIsReported) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  const auto found = clipped_after(ui, [] { ImGui::Button("Evaluate the whole test split", ImVec2(100, 0)); });
  ASSERT_EQ(found.size(), 1u) << describe(found);
  EXPECT_EQ(found[0].text.rfind("Evaluate", 0), 0u) << found[0].text;
}

TEST(TextClipping, ContentPlacedWhollyPastTheEdgeIsReported) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  const auto found = clipped_after(ui, [] {
    ImGui::Dummy(ImVec2(400, 10));
    ImGui::Button("hidden");
  });
  ASSERT_FALSE(found.empty());
  EXPECT_NE(found.back().text.find("px wider than the panel"), std::string::npos) << describe(found);
}

TEST(TextClipping, APanelThatScrollsSidewaysIsNotReported) {
  UiHarness ui;
  FERLAB_REQUIRE_UI(ui);
  const auto found = clipped_after(
      ui, [] { ImGui::TextUnformatted("this line of text is much too long for a panel of this width"); },
      ImGuiWindowFlags_HorizontalScrollbar);
  EXPECT_TRUE(found.empty()) << describe(found);
}

}  // namespace
}  // namespace ferlab::app::testing
