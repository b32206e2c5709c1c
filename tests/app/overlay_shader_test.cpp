// The Grad-CAM overlay shader, run for real on an OpenGL 3.3 context (Mesa's
// llvmpipe under Xvfb in CI): known heatmaps in, colours read back from the FBO;
// and the live overlay's placement of a rotated face's map against the CLI's
// heatmap_to_frame, pixel by pixel.
#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <vector>

#include "app/gl/gl_texture.hpp"
#include "app/gl/glfw_init.hpp"
#include "app/heatmap_placement.hpp"
#include "app/gl/overlay_shader.hpp"
#include "explain/heatmap_overlay.hpp"
#include "vision/face_align.hpp"

namespace ferlab::app {
namespace {

class OverlayShaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "no DISPLAY (run under xvfb-run)";
    ASSERT_TRUE(init_glfw_with_retry());
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    window_ = glfwCreateWindow(64, 64, "overlay test", nullptr, nullptr);
    ASSERT_NE(window_, nullptr) << "no OpenGL 3.3 core context";
    glfwMakeContextCurrent(window_);
    ASSERT_NE(gladLoadGL(glfwGetProcAddress), 0);
  }
  void TearDown() override {
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
  }

  // Reads the rendered texture back, row 0 at the top.
  static cv::Mat read_back(const GlTexture& texture) {
    cv::Mat rgba(texture.height(), texture.width(), CV_8UC4);
    glBindTexture(GL_TEXTURE_2D, texture.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTexImage(GL_TEXTURE_2D, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data);
    return rgba;
  }

  static void expect_rgb(const cv::Mat& rgba, int x, int y, int r, int g, int b, int tolerance = 2) {
    const cv::Vec4b p = rgba.at<cv::Vec4b>(y, x);
    EXPECT_NEAR(p[0], r, tolerance) << "red at (" << x << "," << y << ")";
    EXPECT_NEAR(p[1], g, tolerance) << "green at (" << x << "," << y << ")";
    EXPECT_NEAR(p[2], b, tolerance) << "blue at (" << x << "," << y << ")";
  }

  GLFWwindow* window_ = nullptr;
};

cv::Mat uniform_heat(float value) { return cv::Mat(8, 8, CV_32FC1, cv::Scalar(value)); }

TEST_F(OverlayShaderTest, OverlayShader_CopiesFrameWhereNoHeatmapIs) {
  OverlayRenderer renderer;
  GlTexture frame, heat, target;
  // BGR blue-ish frame: the overlay must come out in RGB order.
  frame.upload(cv::Mat(32, 64, CV_8UC3, cv::Scalar(200, 100, 50)));
  heat.upload(uniform_heat(1.0f));
  renderer.render(frame, {HeatmapPlacement::box(&heat, 0.5f, 0.0f, 1.0f, 1.0f)}, 1.0f, Colormap::Jet, target);
  ASSERT_EQ(target.width(), 64);
  ASSERT_EQ(target.height(), 32);
  const cv::Mat out = read_back(target);
  expect_rgb(out, 5, 5, 50, 100, 200);
  expect_rgb(out, 31, 31, 50, 100, 200);
}

TEST_F(OverlayShaderTest, OverlayShader_JetMapsHotToDarkRedAndColdToDarkBlue) {
  OverlayRenderer renderer;
  GlTexture frame, hot, cold, target;
  frame.upload(cv::Mat(32, 64, CV_8UC3, cv::Scalar(128, 128, 128)));
  hot.upload(uniform_heat(1.0f));
  cold.upload(uniform_heat(0.0f));
  const std::vector<HeatmapPlacement> both{HeatmapPlacement::box(&hot, 0.5f, 0.0f, 1.0f, 0.5f),
                                           HeatmapPlacement::box(&cold, 0.5f, 0.5f, 1.0f, 1.0f)};
  renderer.render(frame, both, 1.0f, Colormap::Jet, target, HeatmapBlend::MapOnly);
  cv::Mat out = read_back(target);
  expect_rgb(out, 48, 8, 128, 0, 0);   // jet(1) = (0.5, 0, 0), top right quarter
  expect_rgb(out, 48, 24, 0, 0, 128);  // jet(0) = (0, 0, 0.5), bottom right quarter
  expect_rgb(out, 10, 8, 128, 128, 128);
  // Over the frame, the cold end is see-through: the face stays readable where the model did not look.
  renderer.render(frame, both, 1.0f, Colormap::Jet, target);
  out = read_back(target);
  expect_rgb(out, 48, 8, 128, 0, 0);
  expect_rgb(out, 48, 24, 128, 128, 128);
}

// Noise, so that every pixel of the frame shows how much of the map covers it.
cv::Mat noise_frame(cv::Size size) {
  cv::Mat frame(size, CV_8UC3);
  cv::randu(frame, 0, 256);
  return frame;
}

// A map from 0 at the left to 1 at the right, in 256 columns: every table entry.
cv::Mat ramp_heat() {
  cv::Mat heat(4, 256, CV_32FC1);
  for (int x = 0; x < heat.cols; ++x) heat.col(x).setTo(x / 255.f);
  return heat;
}

// One look: what the workbench's shader draws is what the CLI's blend_heatmap
// writes into `ferlab image --gradcam` and `video --gradcam` outputs, for every
// colormap, opacity and value.
TEST_F(OverlayShaderTest, OverlayShader_DrawsWhatTheCliBlendWrites) {
  OverlayRenderer renderer;
  const cv::Mat bgr = noise_frame({256, 4});
  const cv::Mat heat = ramp_heat();
  GlTexture frame, heat_texture, target;
  frame.upload(bgr);
  heat_texture.upload(heat, false);
  for (const Colormap colormap : {Colormap::Jet, Colormap::Inferno, Colormap::Viridis, Colormap::Coolwarm}) {
    for (const float opacity : {0.3f, kDefaultHeatmapOpacity, 1.0f}) {
      renderer.render(frame, {HeatmapPlacement::box(&heat_texture, 0, 0, 1, 1)}, opacity, colormap, target);
      const cv::Mat got = read_back(target);
      cv::Mat want = bgr.clone();
      blend_heatmap(want, heat, opacity, colormap);
      int worst = 0;
      for (int y = 0; y < want.rows; ++y)
        for (int x = 0; x < want.cols; ++x)
          for (int k = 0; k < 3; ++k)
            worst = std::max(worst, std::abs(got.at<cv::Vec4b>(y, x)[k] - want.at<cv::Vec3b>(y, x)[2 - k]));
      EXPECT_LE(worst, 2) << "colormap " << static_cast<int>(colormap) << ", opacity " << opacity;
    }
  }
}

TEST_F(OverlayShaderTest, OverlayShader_InfernoAndViridisHitTheirStops) {
  OverlayRenderer renderer;
  GlTexture frame, low, mid, target;
  frame.upload(cv::Mat(16, 32, CV_8UC3, cv::Scalar(0, 0, 0)));
  low.upload(uniform_heat(0.0f));
  mid.upload(uniform_heat(0.5f));
  renderer.render(frame, {HeatmapPlacement::box(&low, 0, 0, 0.5f, 1), HeatmapPlacement::box(&mid, 0.5f, 0, 1, 1)}, 1.0f,
                  Colormap::Inferno, target, HeatmapBlend::MapOnly);
  cv::Mat out = read_back(target);
  expect_rgb(out, 4, 8, 0, 0, 4);
  expect_rgb(out, 24, 8, 188, 55, 84);
  renderer.render(frame, {HeatmapPlacement::box(&mid, 0, 0, 1, 1)}, 1.0f, Colormap::Viridis, target,
                  HeatmapBlend::MapOnly);
  out = read_back(target);
  expect_rgb(out, 8, 8, 33, 145, 140);
}

TEST_F(OverlayShaderTest, OverlayShader_HeatmapIsPlacedTopRowFirst) {
  OverlayRenderer renderer;
  GlTexture frame, heat, target;
  frame.upload(cv::Mat(16, 16, CV_8UC3, cv::Scalar(0, 0, 0)));
  cv::Mat gradient(2, 1, CV_32FC1);
  gradient.at<float>(0, 0) = 1.0f;  // top row hot
  gradient.at<float>(1, 0) = 0.0f;
  heat.upload(gradient, false);
  renderer.render(frame, {HeatmapPlacement::box(&heat, 0, 0, 1, 1)}, 1.0f, Colormap::Jet, target, HeatmapBlend::MapOnly);
  const cv::Mat out = read_back(target);
  expect_rgb(out, 8, 2, 128, 0, 0);
  expect_rgb(out, 8, 13, 0, 0, 128);
}

TEST_F(OverlayShaderTest, OverlayShader_CoolwarmIsGreyAtTheMiddleAndBlueAndRedAtTheEnds) {
  OverlayRenderer renderer;
  GlTexture frame, low, middle, high, target;
  frame.upload(cv::Mat(16, 48, CV_8UC3, cv::Scalar(0, 0, 0)));
  low.upload(uniform_heat(0.0f));
  middle.upload(uniform_heat(0.5f));
  high.upload(uniform_heat(1.0f));
  renderer.render(frame,
                  {HeatmapPlacement::box(&low, 0, 0, 1 / 3.0f, 1), HeatmapPlacement::box(&middle, 1 / 3.0f, 0, 2 / 3.0f, 1),
                   HeatmapPlacement::box(&high, 2 / 3.0f, 0, 1, 1)},
                  1.0f, Colormap::Coolwarm, target, HeatmapBlend::MapOnly);
  const cv::Mat out = read_back(target);
  expect_rgb(out, 8, 8, 59, 76, 192);
  expect_rgb(out, 24, 8, 221, 221, 221);
  expect_rgb(out, 40, 8, 180, 4, 38);
}

// A smooth map with no symmetry, so that a rotation, a flip or a shift shows.
cv::Mat lopsided_heat() {
  cv::Mat heat(48, 48, CV_32FC1);
  for (int y = 0; y < heat.rows; ++y)
    for (int x = 0; x < heat.cols; ++x)
      heat.at<float>(y, x) = 0.1f + 0.8f * (x / 47.f) * (0.5f + 0.5f * std::sin(y / 6.f));
  return heat;
}

struct PlacementAgreement {
  int compared = 0;       // frame pixels the whole crop covers
  int disagreeing = 0;    // of those, where a channel differs by more than the tolerance
  int worst = 0;          // largest channel difference, 0..255
  int stray = 0;          // pixels outside the crop that are not the plain frame
};

// The rendered overlay against the CLI's overlay_heatmap_on_frame on the same frame.
PlacementAgreement compare_with_cli_overlay(const cv::Mat& rgba, const cv::Mat& frame, const cv::Mat& heat,
                                            const cv::Matx23f& to_crop, int tolerance) {
  const cv::Size size(rgba.cols, rgba.rows);
  cv::Mat want = frame.clone();
  overlay_heatmap_on_frame(want, heat, to_crop, 1.0f, Colormap::Jet);
  // Where the crop covers a frame pixel entirely: its edge pixels blend with the
  // warp's zero border in OpenCV and are clamped in GL, a half-pixel difference.
  const FrameHeatmap cover = heatmap_to_frame(cv::Mat(heat.size(), CV_32FC1, cv::Scalar(1)), to_crop, size);
  PlacementAgreement agreement;
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      const cv::Vec4b got = rgba.at<cv::Vec4b>(y, x);
      const float covered = cover.roi.contains({x, y}) ? cover.heatmap.at<float>(y - cover.roi.y, x - cover.roi.x) : 0.f;
      const cv::Vec3b plain = frame.at<cv::Vec3b>(y, x);
      if (covered == 0.f) {
        if (got[0] != plain[2] || got[1] != plain[1] || got[2] != plain[0]) ++agreement.stray;
        continue;
      }
      if (covered < 0.999f) continue;
      const cv::Vec3b expected = want.at<cv::Vec3b>(y, x);
      int worst = 0;
      for (int k = 0; k < 3; ++k) worst = std::max(worst, std::abs(got[k] - expected[2 - k]));
      ++agreement.compared;
      if (worst > tolerance) ++agreement.disagreeing;
      agreement.worst = std::max(agreement.worst, worst);
    }
  }
  return agreement;
}

TEST_F(OverlayShaderTest, LiveOverlay_PutsARotatedFacesMapWhereHeatmapToFrameDoes) {
  // A face tilted by about 25 degrees, its eyes as BlazeFace reports them: the
  // aligned crop is rotated and larger than the detection box.
  DetectedFace detected;
  detected.box = cv::Rect2f(110, 60, 110, 110);
  detected.keypoints.assign(kNumFaceKeypoints, cv::Point2f(165, 115));
  detected.keypoints[static_cast<int>(FaceKeypoint::RightEye)] = cv::Point2f(140, 100);
  detected.keypoints[static_cast<int>(FaceKeypoint::LeftEye)] = cv::Point2f(185, 121);
  FaceResult face;
  face.box = detected.box;
  face.to_crop = face_crop_transform(detected, {});
  face.heatmap = lopsided_heat();

  const cv::Size frame_size(320, 240);
  OverlayRenderer renderer;
  GlTexture frame, heat, target;
  const cv::Mat bgr = noise_frame(frame_size);
  frame.upload(bgr);
  heat.upload(face.heatmap);  // as the Live panel uploads it: linear filtering
  renderer.render(frame, {heatmap_placement(face, heat, frame_size)}, 1.0f, Colormap::Jet, target);
  const PlacementAgreement live = compare_with_cli_overlay(read_back(target), bgr, face.heatmap, face.to_crop, 6);
  EXPECT_GT(live.compared, 8000) << "the crop should cover a large part of the frame";
  EXPECT_EQ(live.disagreeing, 0) << "worst channel difference " << live.worst;
  EXPECT_EQ(live.stray, 0) << "the overlay reaches past the crop";

  // The old placement, the map stretched over the detection box, fails the same comparison.
  const float w = static_cast<float>(frame_size.width), h = static_cast<float>(frame_size.height);
  renderer.render(frame,
                  {HeatmapPlacement::box(&heat, face.box.x / w, face.box.y / h, face.box.br().x / w, face.box.br().y / h)},
                  1.0f, Colormap::Jet, target);
  const PlacementAgreement stretched = compare_with_cli_overlay(read_back(target), bgr, face.heatmap, face.to_crop, 6);
  EXPECT_GT(stretched.disagreeing, stretched.compared / 4);
}

TEST_F(OverlayShaderTest, OverlayShader_MissingShaderFileIsAnErrorNamingIt) {
  try {
    OverlayRenderer renderer("/nonexistent-shader-dir");
    FAIL() << "expected an error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-shader-dir/gradcam_overlay.vert"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ferlab::app
