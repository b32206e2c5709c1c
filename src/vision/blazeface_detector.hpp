#pragma once
// BlazeFace through OpenCV DNN. The frame is letterboxed into the square
// network input (aspect ratio kept, centred, black padding) and detections are
// mapped back to frame pixels.
#include <opencv2/dnn.hpp>

#include "vision/face_detector.hpp"
#include "vision/ssd_anchors.hpp"

namespace ferlab {

struct BlazeFaceModel {
  std::string file;          // .onnx name inside the model folder
  int input_size;            // square NHWC input
  std::vector<int> strides;  // SSD feature-map strides (MediaPipe's graph options)
};

BlazeFaceModel blazeface_front_model();  // 128x128, strides 8,16,16,16
BlazeFaceModel blazeface_back_model();   // 256x256, strides 16,32,32,32

class BlazeFaceDetector : public FaceDetector {
 public:
  // Throws ModelError when the .onnx file is missing or does not load.
  BlazeFaceDetector(const std::string& model_dir, BlazeFaceModel model, const DetectorOptions& options);
  std::vector<DetectedFace> detect(const cv::Mat& frame) override;
  std::string name() const override;

 private:
  BlazeFaceModel model_;
  DetectorOptions options_;
  cv::dnn::Net net_;
  std::vector<SsdAnchor> anchors_;
  std::vector<cv::String> output_names_;
  cv::Mat input_;  // input_size x input_size RGB float, reused between frames
};

}  // namespace ferlab
