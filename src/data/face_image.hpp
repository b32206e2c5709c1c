#pragma once
// One image file -> one 48x48 8-bit gray face, the form every FERLab model
// takes. For faces that are already cropped (FER-2013 images, `ferlab predict`);
// finding a face in a photo is the vision module's job. Kept free of OpenCV
// headers so that callers do not pay for them.
#include <array>
#include <cstdint>
#include <string>

#include "core/face_dataset.hpp"

namespace ferlab {

using FaceImage = std::array<uint8_t, kFacePixels>;  // row-major, row 0 at the top

// Decodes any format OpenCV reads, whatever its channels (gray, BGR, BGRA) or
// depth (8-bit, 16-bit, float in [0,1]); converts to 8-bit gray and resizes to
// 48x48 with area averaging (non-square images are stretched, as FER-2013's
// own crops were). Throws DataError naming the file when it is missing, not an
// image, a truncated JPEG, too large (read_image_file), or of an unsupported
// pixel type. `decoded_size`, when given, receives the image's size before the
// resize (a caller can tell a face crop from a whole photo by it).
struct ImageSize {
  int width = 0, height = 0;
};
FaceImage load_face_image(const std::string& path, ImageSize* decoded_size = nullptr);

}  // namespace ferlab
