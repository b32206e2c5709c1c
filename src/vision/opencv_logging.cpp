#include "vision/opencv_logging.hpp"

#include <opencv2/core/utils/logger.hpp>

namespace ferlab {

void set_opencv_logging(bool verbose) {
  // Silent rather than errors-only: a missing camera is an ERROR line from the
  // obsensor backend, not only warnings from V4L2 and GStreamer.
  cv::utils::logging::setLogLevel(verbose ? cv::utils::logging::LOG_LEVEL_INFO : cv::utils::logging::LOG_LEVEL_SILENT);
}

}  // namespace ferlab
