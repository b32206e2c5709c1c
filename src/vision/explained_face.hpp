#pragma once
// The one owner of what an explanation of a frame is: which face is explained,
// for which class, by which method and which model of the classifier, and
// where its map lands on the frame. FrameAnalyzer, `ferlab video`/`image` and
// the workbench's panels all ask here, so that they cannot disagree.
#include <opencv2/core.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "eval/face_classifier.hpp"
#include "explain/faithfulness.hpp"
#include "explain/grad_cam.hpp"
#include "vision/face_analyzer.hpp"

namespace ferlab {

// Which faces carry a heatmap under `options` (gradcam, gradcam_track): all of
// them, none, or the selected track's face — the largest face when that track
// is not in the frame. Indices into `faces`.
std::vector<size_t> faces_to_explain(const std::vector<FaceResult>& faces, const AnalyzerOptions& options);

// The face a single-face view (the workbench's selection) follows: the track's,
// else the largest; nullopt for a frame without faces.
std::optional<size_t> selected_or_largest_face(const std::vector<FaceResult>& faces, int track_id);

// The class a face's map explains: the one asked for (>= 0), else the label shown
// (the track's smoothed label, not this frame's argmax).
int explained_class(const FaceResult& face, int target_class);

// The method the live feed runs on every face of every frame: the chosen one
// when it costs one backward pass, else Grad-CAM; the costly methods run on the
// selected face alone, off the frame's path.
CamMethod per_frame_method(CamMethod chosen);

// The layers the class activation maps of `classifier` can look at (the
// explained model's feature_layers(), from the input on), and the one `wanted`
// stands for: itself when the classifier has it, else "" (the default layer).
std::vector<std::string> explainable_layers(const FaceClassifier& classifier);
std::string explained_layer(const FaceClassifier& classifier, const std::string& wanted);

// Maps of `classifier` for n contiguous 48x48 faces, one target class each.
// The one call site of the explanations for a classifier: an ensemble is
// explained as an ensemble (explain_classifier).
std::vector<ClassActivationMap> classifier_activation_maps(const FaceClassifier& classifier, const uint8_t* faces48,
                                                           size_t n, CamMethod method,
                                                           const std::vector<int>& target_classes,
                                                           const ExplainOptions& options = {});

// Gives the faces faces_to_explain() picks their maps (and the others none).
// Throws ModelError for a face whose crop is not 48x48 gray.
void explain_faces(std::vector<FaceResult>& faces, const FaceClassifier& classifier, const AnalyzerOptions& options);

// Deletion and insertion curves of `maps` (explain/faithfulness.hpp), following
// the classifier's own probabilities (an ensemble's mean for an ensemble).
std::vector<FaithfulnessCurves> classifier_faithfulness(const FaceClassifier& classifier, const uint8_t* faces48,
                                                        const std::vector<ClassActivationMap>& maps,
                                                        const FaithfulnessOptions& options = {});

// `frame` explained again under other settings (a paused frame whose selection,
// method or target changed): the faces faces_to_explain() picks get new maps,
// the others none. Detection, tracking and classification are kept.
FrameResult explain_frame(const FrameResult& frame, const FaceClassifier& classifier, const AnalyzerOptions& options);

// Where a face's map lands: the frame positions of the aligned crop's top-left,
// top-right and bottom-left corners (pixel edges, in OpenCV's pixel-centre
// coordinates), the parallelogram the map covers through the inverse of to_crop.
std::array<cv::Point2f, 3> heatmap_corners(const FaceResult& face);

}  // namespace ferlab
