#pragma once
// Test and benchmark scenes: FER-2013 faces (48x48 gray) upscaled and pasted
// onto a textured background at known places, so that detection, alignment and
// the whole pipeline can be checked and timed without shipping any video.
#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace ferlab {

// A smooth random texture (8-bit BGR), the same for the same seed.
cv::Mat make_background(cv::Size size, unsigned seed);

// Pastes `face` (gray, any size) scaled to `box` onto `scene` (BGR) in place;
// the part of `box` outside the scene is cut off.
void paste_face(cv::Mat& scene, const cv::Mat& face, const cv::Rect& box);

// A 640x480 benchmark scene: `face_count` (1: a webcam user at arm's length, or
// 4: a group, one face per quadrant) of `faces` on `background`, drifting a few
// pixels per `frame_index`; the same faces throughout, so that every frame costs
// the same (the demo scene with its comings and goings is demo_scene.hpp).
cv::Mat render_benchmark_scene(const std::vector<cv::Mat>& faces, int face_count, int frame_index,
                          const cv::Mat& background);
constexpr int kBenchmarkSceneWidth = 640, kBenchmarkSceneHeight = 480;

// The first `count` images of <fer2013_dir>/test/<class>/ (name order), for the
// given classes in turn, as 48x48 gray. Throws DataError when the folder is missing.
std::vector<cv::Mat> load_fer_test_faces(const std::string& fer2013_dir, size_t count,
                                         const std::vector<std::string>& classes = {"happy", "neutral", "surprise",
                                                                                    "sad"});

}  // namespace ferlab
