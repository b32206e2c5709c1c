#pragma once
#include <opencv2/core/mat.hpp>

#include <string>

namespace ferlab {

// PNG-encodes and writes atomically; throws ferlab::Error naming the path.
void save_png(const std::string& path, const cv::Mat& image);

}  // namespace ferlab
