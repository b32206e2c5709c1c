#include "vision/blazeface_detector.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {

BlazeFaceModel blazeface_front_model() { return {"face_detection_front_128x128_barracuda.onnx", 128, {8, 16, 16, 16}}; }
BlazeFaceModel blazeface_back_model() { return {"face_detection_back_256x256_barracuda.onnx", 256, {16, 32, 32, 32}}; }

BlazeFaceDetector::BlazeFaceDetector(const std::string& model_dir, BlazeFaceModel model,
                                     const DetectorOptions& options)
    : model_(std::move(model)), options_(options) {
  const std::string path = (std::filesystem::path(model_dir) / model_.file).string();
  if (!std::filesystem::exists(path))
    throw ModelError("BlazeFace model " + path + " not found: run scripts/fetch_models.sh, or use --detector haar");
  try {
    net_ = cv::dnn::readNetFromONNX(path);
  } catch (const cv::Exception& e) {
    throw ModelError("BlazeFace model " + path + " does not load: " + e.what());
  }
  net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  output_names_ = net_.getUnconnectedOutLayersNames();
  if (output_names_.size() != 4)
    throw ModelError("BlazeFace model " + path + " has " + std::to_string(output_names_.size()) +
                     " outputs, expected 4 (scores and regressors of two feature maps)");
  anchors_ = generate_ssd_anchors(model_.input_size, model_.strides);
  input_.create(model_.input_size, model_.input_size, CV_32FC3);
}

std::string BlazeFaceDetector::name() const { return "blazeface-" + std::to_string(model_.input_size); }

namespace {

// The four outputs come as scores and regressors for each of the two feature
// maps (N x anchors x 1 and N x anchors x 16). Sorted here by shape rather than
// by name so that a re-export with other names still decodes.
struct SplitOutputs {
  std::vector<const cv::Mat*> scores;      // larger feature map first
  std::vector<const cv::Mat*> regressors;  // same order
};

SplitOutputs split_outputs(const std::vector<cv::Mat>& outs, size_t num_anchors) {
  SplitOutputs split;
  for (const cv::Mat& m : outs) {
    if (m.dims != 3 || m.type() != CV_32F) throw ModelError("BlazeFace: unexpected output layout");
    (m.size[2] == 1 ? split.scores : split.regressors).push_back(&m);
  }
  const auto by_anchors = [](const cv::Mat* a, const cv::Mat* b) { return a->size[1] > b->size[1]; };
  std::sort(split.scores.begin(), split.scores.end(), by_anchors);
  std::sort(split.regressors.begin(), split.regressors.end(), by_anchors);
  size_t total = 0;
  for (const cv::Mat* m : split.scores) total += m->size[1];
  if (split.scores.size() != 2 || split.regressors.size() != 2 || total != num_anchors ||
      split.regressors[0]->size[2] != kBlazeFaceCoords)
    throw ModelError("BlazeFace: outputs do not match " + std::to_string(num_anchors) + " anchors x 16 coords");
  return split;
}

}  // namespace

std::vector<DetectedFace> BlazeFaceDetector::detect(const cv::Mat& frame) {
  if (frame.empty()) return {};
  const int size = model_.input_size;
  // Letterbox: scale the longer side to the input size, centre, pad with black.
  const float scale = static_cast<float>(size) / std::max(frame.cols, frame.rows);
  const int w = std::max(1, static_cast<int>(std::lround(frame.cols * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(frame.rows * scale)));
  const int pad_x = (size - w) / 2;
  const int pad_y = (size - h) / 2;
  cv::Mat resized;
  cv::resize(frame, resized, {w, h}, 0, 0, cv::INTER_AREA);
  cv::Mat rgb;
  if (resized.channels() == 1) cv::cvtColor(resized, rgb, cv::COLOR_GRAY2RGB);
  else if (resized.channels() == 4) cv::cvtColor(resized, rgb, cv::COLOR_BGRA2RGB);
  else cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
  // The Barracuda export expects pixels in [-1, 1]. Measured on 200 FER-2013 test
  // faces upscaled to 40 px on a noise background: the front model found 42 with
  // [-1,1] input and 0 with [0,1]; at 200 px both ranges find all 200.
  input_.setTo(cv::Scalar::all(-1.0));
  rgb.convertTo(input_(cv::Rect(pad_x, pad_y, w, h)), CV_32F, 2.0 / 255.0, -1.0);

  const int shape[] = {1, size, size, 3};  // NHWC, as exported
  net_.setInput(cv::Mat(4, shape, CV_32F, input_.data));
  std::vector<cv::Mat> outs;
  net_.forward(outs, output_names_);
  const SplitOutputs split = split_outputs(outs, anchors_.size());

  std::vector<RawDetection> candidates;
  size_t anchor = 0;
  for (int map = 0; map < 2; ++map) {
    const float* scores = split.scores[map]->ptr<float>();
    const float* regs = split.regressors[map]->ptr<float>();
    const int n = split.scores[map]->size[1];
    for (int i = 0; i < n; ++i, ++anchor) {
      const float score = blazeface_score(scores[i]);
      if (score < options_.min_score) continue;
      RawDetection d = decode_blazeface_box(regs + i * kBlazeFaceCoords, anchors_[anchor], static_cast<float>(size));
      d.score = score;
      candidates.push_back(d);
    }
  }

  std::vector<DetectedFace> faces;
  const auto to_frame_x = [&](float v) { return (v * size - pad_x) / scale; };
  const auto to_frame_y = [&](float v) { return (v * size - pad_y) / scale; };
  for (const RawDetection& d : weighted_nms(std::move(candidates), options_.nms_iou)) {
    DetectedFace face;
    face.score = d.score;
    const float x0 = to_frame_x(d.xmin), y0 = to_frame_y(d.ymin);
    face.box = cv::Rect2f(x0, y0, to_frame_x(d.xmax) - x0, to_frame_y(d.ymax) - y0);
    if (std::min(face.box.width, face.box.height) < options_.min_face_pixels) continue;
    for (int k = 0; k < kNumFaceKeypoints; ++k)
      face.keypoints.emplace_back(to_frame_x(d.keypoints[2 * k]), to_frame_y(d.keypoints[2 * k + 1]));
    faces.push_back(std::move(face));
  }
  return faces;
}

}  // namespace ferlab
