// The live feed's pause: the pipeline stops capturing and analysing, the feed
// holds its frame and feeds nothing new to the time series or the comparisons,
// Step lets exactly one more frame through and shows it, Resume plays on, and the
// paused frame's Grad-CAM follows a change of target class. Real pipeline (Haar detector, an untrained
// CNN) on real FER-2013 test faces; no window needed.
#include <gtest/gtest.h>
#include <imgui.h>
#include <chrono>

#include "app/live_feed.hpp"
#include "app/workbench.hpp"
#include "studio_fixture.hpp"

namespace ferlab::app::testing {
namespace {
using namespace std::chrono_literals;

// LiveFeed reads ImGui's clock: it needs a context, not a window.
struct ImGuiContextScope {
  ImGuiContextScope() { ImGui::CreateContext(); }
  ~ImGuiContextScope() { ImGui::DestroyContext(); }
};

class LiveFeedPause : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!write_face_frames(dir_.path("frames"), 4, {320, 256}, {{64, 32, 192, 192}})) GTEST_SKIP() << "no FER-2013 test faces under " << FERLAB_SHARED_DIR;
    bench_.models.request_load(write_random_cnn(dir_.path(""), "cnn-pause"));
    feed_ = std::make_unique<LiveFeed>(dir_.path("frames"));
    const bool face_shown = poll_until(
        bench_, feed_.get(), [&] { return feed_->shown() && feed_->selected_face() && !feed_->selected_face()->heatmap.empty(); },
        60s);
    ASSERT_TRUE(face_shown) << "no analysed frame with an explained face within 60 s";
  }

  ImGuiContextScope imgui_;
  TempDir dir_{"pause"};
  Workbench bench_{""};
  std::unique_ptr<LiveFeed> feed_;
};

// Waits until no frame read before the pause is still in flight: every
// captured frame is analysed or dropped, and the counters then stand still for
// half a second (the capture thread may be reading one more frame as the pause
// comes). Under load one analysis can take seconds, so stillness alone is not enough.
void settle(Workbench& bench, LiveFeed& feed) {
  const auto nothing_in_flight = [&] {
    const PipelineStatus s = feed.status();
    return s.frames_captured == s.frames_analyzed + s.frames_dropped;
  };
  for (int tries = 0; tries < 20; ++tries) {
    poll_until(bench, &feed, nothing_in_flight, 30s);
    const PipelineStatus before = feed.status();
    poll_until(bench, &feed, [] { return false; }, 500ms);
    const PipelineStatus after = feed.status();
    if (nothing_in_flight() && after.frames_captured == before.frames_captured &&
        after.frames_analyzed == before.frames_analyzed)
      return;
  }
}

TEST_F(LiveFeedPause, Pause_StopsThePipelineAndHoldsTheFrameTheTimeSeriesAndTheFocusFace) {
  feed_->set_paused(true);
  const auto held = feed_->shown();
  const size_t samples = bench_.history.raw.size();
  const int focus = bench_.focus_face->serial;
  settle(bench_, *feed_);
  const PipelineStatus before = feed_->status();
  // Unpaused, a folder plays at 30 fps: a second would bring about 30 frames.
  poll_until(bench_, feed_.get(), [] { return false; }, 1s);
  EXPECT_EQ(feed_->status().frames_captured, before.frames_captured);
  EXPECT_EQ(feed_->status().frames_analyzed, before.frames_analyzed);
  EXPECT_EQ(feed_->shown(), held);
  EXPECT_EQ(bench_.history.raw.size(), samples);
  EXPECT_EQ(bench_.focus_face->serial, focus);

  feed_->set_paused(false);
  EXPECT_TRUE(poll_until(
      bench_, feed_.get(), [&] { return feed_->status().frames_analyzed > before.frames_analyzed + 3; }, 10s))
      << "resumed, the pipeline should analyse again";
}

TEST_F(LiveFeedPause, Step_AnalysesAndShowsExactlyOneMoreFrame) {
  feed_->set_paused(true);
  settle(bench_, *feed_);
  const auto held = feed_->shown();
  const size_t samples = bench_.history.raw.size();
  const PipelineStatus before = feed_->status();
  feed_->step();
  ASSERT_TRUE(poll_until(bench_, feed_.get(), [&] { return feed_->shown() != held; }, 10s));
  const auto stepped = feed_->shown();
  poll_until(bench_, feed_.get(), [] { return false; }, 1s);
  EXPECT_EQ(feed_->shown(), stepped);
  EXPECT_EQ(feed_->status().frames_captured, before.frames_captured + 1);
  EXPECT_EQ(feed_->status().frames_analyzed, before.frames_analyzed + 1);
  EXPECT_EQ(bench_.history.raw.size(), samples + (stepped->faces.empty() ? 0 : 1));
}

TEST_F(LiveFeedPause, PausedFrame_GradCamFollowsANewTargetClass) {
  feed_->set_paused(true);
  const int64_t frame_index = feed_->shown()->frame.index;
  const int target = (feed_->selected_face()->heatmap_class + 1) % kNumEmotions;
  AnalyzerOptions options = feed_->options();
  options.gradcam_class = target;
  feed_->set_options(options, bench_);
  ASSERT_TRUE(poll_until(bench_, feed_.get(),
                         [&] { return feed_->selected_face() && feed_->selected_face()->heatmap_class == target; }, 10s));
  EXPECT_EQ(feed_->shown()->frame.index, frame_index);  // the same frame, re-explained
  EXPECT_FALSE(feed_->selected_face()->heatmap.empty());
}

}  // namespace
}  // namespace ferlab::app::testing
