#pragma once
// A teacher's predictions for a run's training faces, kept in the run
// directory so that a resumed run does not pay for the teacher again (the
// ensemble's pass over FER-2013's 28,709 faces takes minutes on a CPU).
// Keyed by the teacher's name and a CRC of the faces (pixels, in order); a
// file that does not match, or is damaged, is recomputed and replaced, with a
// note on stderr. Torch-free.
#include <functional>
#include <string>
#include <vector>

#include "core/emotion.hpp"
#include "core/face_dataset.hpp"

namespace ferlab {

using TeacherFunction = std::function<std::vector<ClassDistribution>(const FaceDataset& faces)>;

std::vector<ClassDistribution> cached_teacher_predictions(const std::string& path, const std::string& teacher_name,
                                                          const FaceDataset& faces, const TeacherFunction& teacher);

}  // namespace ferlab
