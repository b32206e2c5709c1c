#include "plot/png_file.hpp"

#include <opencv2/imgcodecs.hpp>

#include <ostream>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace ferlab {

void save_png(const std::string& path, const cv::Mat& image) {
  std::vector<uchar> bytes;
  if (image.empty() || !cv::imencode(".png", image, bytes)) throw Error("could not encode a PNG for " + path);
  write_file_atomically(path, [&](std::ostream& out) {
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  });
}

}  // namespace ferlab
