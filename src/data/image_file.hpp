#pragma once
// Reading an image file into an OpenCV matrix, with the checks OpenCV's
// decoders do not make: the one place every image FERLab decodes goes through
// (dataset folders, `ferlab predict`, `ferlab image`, frame folders).
#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ferlab {

// A face crop or a photo is at most a few megapixels; a header claiming more
// is a decompression bomb or a corrupt file, refused before anything is allocated.
constexpr int64_t kMaxImagePixels = 50'000'000;

// Throws DataError naming `path` for a JPEG that does not end with its EOI
// marker (FF D9, trailing padding allowed): libjpeg decodes a truncated file
// with a warning and grey rows, and cv::imdecode reports success. Also for a
// PNG or JPEG whose header declares more than kMaxImagePixels. Other formats
// are left to OpenCV, whose own limit (OPENCV_IO_MAX_IMAGE_PIXELS, 2^30) applies.
void check_image_bytes(std::string_view bytes, const std::string& path);

// The decoded image as stored (IMREAD_UNCHANGED: any depth and channel count).
// Throws DataError naming the file when it is missing, fails check_image_bytes
// or is not an image OpenCV can decode.
cv::Mat read_image_file(const std::string& path);

}  // namespace ferlab
