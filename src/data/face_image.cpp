#include "data/face_image.hpp"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "data/image_file.hpp"

namespace ferlab {

namespace {

// Scale to 0..255 by what the depth can hold: 16-bit PNGs use the full 0..65535,
// float images (TIFF, EXR) are taken to be in [0,1].
cv::Mat to_8bit(const cv::Mat& image, const std::string& path) {
  switch (image.depth()) {
    case CV_8U: return image;
    case CV_16U: {
      cv::Mat out;
      image.convertTo(out, CV_8U, 255.0 / 65535.0);
      return out;
    }
    case CV_32F:
    case CV_64F: {
      cv::Mat out;
      image.convertTo(out, CV_8U, 255.0);  // saturating: values outside [0,1] clip
      return out;
    }
    default:
      throw DataError(path + ": unsupported pixel type (OpenCV depth " + std::to_string(image.depth()) +
                      "); expected 8-bit, 16-bit or float");
  }
}

cv::Mat to_gray(const cv::Mat& image, const std::string& path) {
  cv::Mat gray;
  switch (image.channels()) {
    case 1: return image;
    case 2: cv::extractChannel(image, gray, 0); return gray;  // gray + alpha
    case 3: cv::cvtColor(image, gray, cv::COLOR_BGR2GRAY); return gray;
    case 4: cv::cvtColor(image, gray, cv::COLOR_BGRA2GRAY); return gray;  // alpha ignored
    default:
      throw DataError(path + ": unsupported image with " + std::to_string(image.channels()) + " channels");
  }
}

}  // namespace

FaceImage load_face_image(const std::string& path, ImageSize* decoded_size) {
  const cv::Mat decoded = read_image_file(path);
  if (decoded_size) *decoded_size = {decoded.cols, decoded.rows};
  const cv::Mat gray = to_gray(to_8bit(decoded, path), path);
  cv::Mat face;
  if (gray.rows == kFaceSize && gray.cols == kFaceSize)
    face = gray;
  else
    cv::resize(gray, face, cv::Size(kFaceSize, kFaceSize), 0, 0, cv::INTER_AREA);

  FaceImage out;
  // `face` may be a non-contiguous view; copy row by row.
  for (int r = 0; r < kFaceSize; ++r)
    std::copy_n(face.ptr<uint8_t>(r), kFaceSize, out.begin() + static_cast<std::ptrdiff_t>(r) * kFaceSize);
  return out;
}

}  // namespace ferlab
