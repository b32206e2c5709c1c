#pragma once
// Which faces of the open data set the browser lists, and in which order: the
// filters the user sets, over the data set, the evaluations' predictions, the
// FER+ crowd's votes and the duplicate search. Free of ImGui, so that it is
// tested without a window; the Dataset panel draws what it lists.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "app/panels/issue_filter.hpp"
#include "core/face_dataset.hpp"

namespace ferlab::app {

struct Workbench;

// What the FER+ crowd filter keeps (data/crowd_review.hpp).
enum CrowdFilter : int {
  kAnyCrowd = 0,
  kCrowdDisagrees,        // the crowd's majority is another class than the label
  kModelSidesWithCrowd,   // ... and the model predicts the crowd's class (needs predictions)
  kLikelyMislabelled,     // the same faces, most likely mislabelled first (mislabel_score)
};

enum class Correctness { Any, Correct, Wrong };  // the prediction against the label

struct FaceFilter {
  std::optional<Split> split;       // none: every split
  int true_class = -1;              // -1: any label
  std::string predictions_from;     // the model whose evaluations give predictions; "": none
  int predicted_class = -1;         // -1: any (needs predictions)
  Correctness correctness = Correctness::Any;  // needs predictions
  CrowdFilter crowd = kAnyCrowd;    // needs FER+ votes (a ferplus.csv at the data set's root)
  IssueFilter issue = kAnyIssue;
};

struct ListedFaces {
  std::vector<size_t> faces;   // data set indices, in the order shown
  std::vector<int> predicted;  // per listed face, -1 when not evaluated
  // The faces passing every filter but the crowd's, by what the crowd says of
  // their label: a confusion-matrix cell opened in the browser reads as
  // "crowd agrees / disagrees".
  size_t crowd_agrees = 0, crowd_disagrees = 0, crowd_silent = 0;
};

// In data set order, except the label conflicts (group by group) and the
// likely mislabelled (most likely first). Until the duplicate search has
// finished, its two filters list nothing.
ListedFaces list_faces(const FaceFilter& filter, const Workbench& bench);

}  // namespace ferlab::app
