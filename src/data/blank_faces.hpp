#pragma once
// Blank or constant images: a "face" whose grey levels barely vary shows no
// face at all. FER-2013 has such images (all black, or one flat grey) among its
// labelled faces; they decode fine, so no loader skips them, and a model is
// scored on guessing their label. `ferlab data stats` counts them and the
// dataset browser flags them, both by this rule.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/face_dataset.hpp"

namespace ferlab {

// Standard deviation of a 48x48 face's grey levels: about 0 for a blank image,
// tens for a face (docs/EVALUATION.md, "Blank images", has FER-2013's).
double grey_level_spread(const uint8_t* face48);

// Below this spread an image is blank or constant. JPEG noise on a flat image
// stays under one grey level; the least varied real FER-2013 face is far above.
constexpr double kBlankMaxSpread = 2.0;

bool is_blank_face(const uint8_t* face48);

// The dataset's blank faces, ascending.
std::vector<size_t> find_blank_faces(const FaceDataset& dataset);

}  // namespace ferlab
