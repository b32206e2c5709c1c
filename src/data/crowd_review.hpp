#pragma once
// The FER+ crowd beside FER-2013's labels, face by face: what the dataset
// browser filters and ranks on to show where the label, rather than the
// model, is likely wrong.
#include <optional>
#include <vector>

#include "core/emotion.hpp"
#include "core/face_dataset.hpp"
#include "data/ferplus.hpp"

namespace ferlab {

// Each face's votes, looked up by its source; nullopt for faces without a row.
std::vector<std::optional<FerPlusVotes>> crowd_votes(const FaceDataset& faces, const FerPlusTable& table);

// What the crowd says of a face's label: its majority is the label, is
// another of the seven classes, or there is none (no row, a tie, contempt,
// unknown or not-a-face).
enum class CrowdVerdict { Agrees, Disagrees, Silent };
CrowdVerdict crowd_verdict(const std::optional<FerPlusVotes>& votes, int label);

// crowd_verdict(...) == Disagrees.
bool crowd_disagrees(const FerPlusVotes& votes, int label);

// How likely the face is mislabelled: the crowd disagrees with the label and
// the model predicts the crowd's class. Then (1 - the model's probability of
// the label) times the crowd's share for its class, in (0, 1]; otherwise 0.
double mislabel_score(const FerPlusVotes& votes, int label, const ClassDistribution& model_probabilities);

}  // namespace ferlab
