#include "data/image_file.hpp"

#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <optional>

#include "core/errors.hpp"
#include "data/file_bytes.hpp"

namespace ferlab {
namespace {

constexpr uintmax_t kMaxImageFileBytes = uintmax_t{1} << 30;

struct Dimensions {
  uint64_t width = 0, height = 0;
};

uint32_t big_endian(std::string_view b, size_t at, size_t bytes) {
  uint32_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v = v << 8 | static_cast<uint8_t>(b[at + i]);
  return v;
}

bool is_jpeg(std::string_view b) { return b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF"; }
bool is_png(std::string_view b) { return b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n"; }

std::optional<Dimensions> png_dimensions(std::string_view b) {
  if (b.size() < 24 || b.substr(12, 4) != "IHDR") return std::nullopt;
  return Dimensions{big_endian(b, 16, 4), big_endian(b, 20, 4)};
}

// The frame header (SOF0..SOF15) comes before the first scan; markers are
// walked by their lengths, so EXIF thumbnails inside APP segments are skipped.
std::optional<Dimensions> jpeg_dimensions(std::string_view b) {
  size_t p = 2;
  while (p + 4 <= b.size()) {
    if (static_cast<uint8_t>(b[p]) != 0xFF) return std::nullopt;
    const uint8_t marker = static_cast<uint8_t>(b[p + 1]);
    if (marker == 0xFF) {  // fill byte
      ++p;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return std::nullopt;  // scan data or end: no frame header
    const size_t length = big_endian(b, p + 2, 2);
    const bool frame_header = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame_header && p + 9 <= b.size()) return Dimensions{big_endian(b, p + 7, 2), big_endian(b, p + 5, 2)};
    p += 2 + length;
  }
  return std::nullopt;
}

bool ends_with_eoi(std::string_view b) {
  while (!b.empty() && (b.back() == '\0' || static_cast<uint8_t>(b.back()) == 0xFF || b.back() == '\n' ||
                        b.back() == '\r' || b.back() == ' '))
    b.remove_suffix(1);
  return b.size() >= 2 && static_cast<uint8_t>(b[b.size() - 2]) == 0xFF && static_cast<uint8_t>(b.back()) == 0xD9;
}

}  // namespace

void check_image_bytes(std::string_view bytes, const std::string& path) {
  std::optional<Dimensions> size;
  if (is_jpeg(bytes)) {
    if (!ends_with_eoi(bytes)) throw DataError(path + ": truncated JPEG (no end-of-image marker FF D9 at its end)");
    size = jpeg_dimensions(bytes);
  } else if (is_png(bytes)) {
    size = png_dimensions(bytes);
  }
  if (size && size->width * size->height > static_cast<uint64_t>(kMaxImagePixels))
    throw DataError(path + ": image of " + std::to_string(size->width) + "x" + std::to_string(size->height) +
                    " pixels is larger than the " + std::to_string(kMaxImagePixels / 1'000'000) +
                    " megapixels FERLab decodes");
}

cv::Mat read_image_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw DataError(path + ": no such image file");
  // Also keeps the size within the int that cv::Mat takes.
  if (std::filesystem::file_size(path, ec) > kMaxImageFileBytes)
    throw DataError(path + ": a file of over 1 GiB is not an image FERLab decodes");
  const std::string bytes = detail::read_file_bytes(path);
  if (bytes.empty()) throw DataError(path + ": is empty (0 bytes), not an image");
  check_image_bytes(bytes, path);
  cv::Mat decoded;
  try {
    decoded = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data())),
                           cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception& e) {
    throw DataError(path + ": cannot decode image: " + e.what());
  }
  if (decoded.empty()) throw DataError(path + ": not an image OpenCV can decode (corrupt or unknown format)");
  return decoded;
}

}  // namespace ferlab
