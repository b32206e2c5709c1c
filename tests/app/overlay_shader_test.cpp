// The Grad-CAM overlay shader, run for real on an OpenGL 3.3 context (Mesa's
// llvmpipe under Xvfb in CI): known heatmaps in, colours read back from the FBO.
#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <cstdlib>
#include <memory>
#include <vector>

#include "app/gl_texture.hpp"
#include "app/glfw_init.hpp"
#include "app/overlay_shader.hpp"

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
  renderer.render(frame, {{&heat, 0.5f, 0.0f, 1.0f, 1.0f}}, 1.0f, Colormap::Jet, target);
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
  renderer.render(frame, {{&hot, 0.5f, 0.0f, 1.0f, 0.5f}, {&cold, 0.5f, 0.5f, 1.0f, 1.0f}}, 1.0f, Colormap::Jet,
                  target);
  const cv::Mat out = read_back(target);
  expect_rgb(out, 48, 8, 128, 0, 0);   // jet(1) = (0.5, 0, 0), top right quarter
  expect_rgb(out, 48, 24, 0, 0, 128);  // jet(0) = (0, 0, 0.5), bottom right quarter
  expect_rgb(out, 10, 8, 128, 128, 128);
}

TEST_F(OverlayShaderTest, OverlayShader_OpacityMixesFrameAndColormap) {
  OverlayRenderer renderer;
  GlTexture frame, heat, target;
  frame.upload(cv::Mat(16, 16, CV_8UC3, cv::Scalar(255, 255, 255)));
  heat.upload(uniform_heat(0.5f));
  renderer.render(frame, {{&heat, 0, 0, 1, 1}}, 0.5f, Colormap::Jet, target);
  // jet(0.5) = (0.5, 1, 0.5); half of it over white = (0.75, 1, 0.75).
  expect_rgb(read_back(target), 8, 8, 191, 255, 191);
}

TEST_F(OverlayShaderTest, OverlayShader_InfernoAndViridisHitTheirStops) {
  OverlayRenderer renderer;
  GlTexture frame, low, mid, target;
  frame.upload(cv::Mat(16, 32, CV_8UC3, cv::Scalar(0, 0, 0)));
  low.upload(uniform_heat(0.0f));
  mid.upload(uniform_heat(0.5f));
  renderer.render(frame, {{&low, 0, 0, 0.5f, 1}, {&mid, 0.5f, 0, 1, 1}}, 1.0f, Colormap::Inferno, target);
  cv::Mat out = read_back(target);
  expect_rgb(out, 4, 8, 0, 0, 4);
  expect_rgb(out, 24, 8, 188, 55, 84);
  renderer.render(frame, {{&mid, 0, 0, 1, 1}}, 1.0f, Colormap::Viridis, target);
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
  renderer.render(frame, {{&heat, 0, 0, 1, 1}}, 1.0f, Colormap::Jet, target);
  const cv::Mat out = read_back(target);
  expect_rgb(out, 8, 2, 128, 0, 0);
  expect_rgb(out, 8, 13, 0, 0, 128);
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
