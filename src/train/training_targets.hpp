#pragma once
// What each training face is trained towards (`train --labels`, `--distill-from`):
//  - fer2013: its FER-2013 label (one-hot);
//  - ferplus-majority: the FER+ crowd's majority label. Faces whose votes have
//    no majority among the seven classes (a tie, or contempt, unknown or
//    not-a-face winning) are left out, as in Barsoum et al.'s majority scheme;
//  - ferplus-soft: the crowd's vote distribution over the seven classes
//    (contempt, unknown and NF votes dropped, the rest renormalised); faces with
//    no vote for any of the seven are left out.
// Faces without a FER+ row keep their FER-2013 label in both FER+ modes.
// A teacher's probabilities, when given, are mixed into whichever target that is.
// Torch-free: the rules are plain arithmetic on distributions.
#include <cstddef>
#include <string>
#include <vector>

#include "core/emotion.hpp"
#include "core/face_dataset.hpp"
#include "data/ferplus.hpp"

namespace ferlab {

// The --labels names, in the order --help lists them.
const std::vector<std::string>& training_label_modes();  // fer2013, ferplus-soft, ferplus-majority
// The --val-labels names: a validation face is scored against one label.
const std::vector<std::string>& validation_label_modes();  // fer2013, ferplus-majority

struct CrowdLabelledFaces {
  FaceDataset faces;                            // kept faces; ferplus-majority: with the majority label
  std::vector<ClassDistribution> distributions;  // ferplus-soft: one per kept face; otherwise empty
  size_t without_row = 0;  // kept with their FER-2013 label: no row in the table
  size_t left_out = 0;     // a row, but no usable crowd label (see above)
  size_t relabelled = 0;   // kept faces whose crowd label (majority or distribution's top) differs
};

// `mode` is ferplus-soft or ferplus-majority. Throws UsageError for another
// mode and DataError (from relabel rules) when no face has a row.
CrowdLabelledFaces apply_crowd_labels(const FaceDataset& faces, const FerPlusTable& table, const std::string& mode);

// One-hot distributions of the faces' labels.
std::vector<ClassDistribution> one_hot_targets(const FaceDataset& faces);

// weight * teacher + (1 - weight) * targets, face by face. Throws UsageError
// when the counts differ or weight is outside [0, 1].
std::vector<ClassDistribution> mix_in_teacher(const std::vector<ClassDistribution>& targets,
                                              const std::vector<ClassDistribution>& teacher, double weight);

}  // namespace ferlab
