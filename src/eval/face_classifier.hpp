#pragma once
// FaceClassifier: 48x48 gray faces -> seven emotion probabilities, from one
// model or an ensemble, with optional test-time augmentation (TTA).
//
// Ensemble: the members' softmax probabilities are averaged (not their logits,
// whose scales differ between architectures).
//
// Temperature: each member's probabilities are class_probabilities()
// (models/model_io.hpp: its logits divided by its card's temperature, fitted by
// `ferlab calibrate`, before the softmax), the rule the explanations follow too,
// so every path (eval, predict, the live feed, explain, the workbench) shows the
// same calibrated probabilities.
//
// TTA, applied to every member and averaged in probability space:
//  - Flip: the face and its horizontal mirror. Faces are close to symmetric and
//    the models are trained with random flips, so the mirror is a second,
//    in-distribution look at the same face.
//  - TenCrop: the four corner crops and the center crop of 44x44 pixels (of 48),
//    each resized back to the model's input size, plus the mirrors of all five.
//    Crop-and-resize rather than shifting with a padded border: every view then
//    holds only real face pixels at the size the network was built for (the CNN's
//    classifier is fully connected over a fixed feature-map size), and the 9 %
//    zoom it implies lies within the scale jitter of training augmentation.
//    Costs 10 forward passes per face.
//
// Thread safety: predict() is const and may be called concurrently from several
// threads (the live pipeline's inference thread, an evaluation worker). It only
// reads the networks, which are in eval mode, under c10::InferenceMode. It is NOT
// safe while anyone mutates a network (train(), loading weights, optimiser steps).
//
// Free of torch headers (LoadedModel is only declared) so that the CLI and the
// workbench's panels compile quickly; include models/model_io.hpp to use models().
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/emotion.hpp"
#include "models/model_card.hpp"
#include "models/model_facts.hpp"

namespace ferlab {

struct LoadedModel;  // models/model_io.hpp

enum class Tta { None, Flip, TenCrop };

std::string_view tta_name(Tta tta);                     // "none", "flip", "tencrop"
std::optional<Tta> tta_from_name(std::string_view name);  // case-insensitive; also "ten-crop"
int tta_view_count(Tta tta);                             // forward passes per face: 1, 2, 10

using Probabilities = std::array<float, kNumEmotions>;  // canonical order, sums to 1
using Logits = std::array<float, kNumEmotions>;         // canonical order, before any temperature

int argmax(const Probabilities& probabilities);
// The ensemble rule: per face, the mean of the members' probabilities (members[m][i]).
std::vector<Probabilities> mean_over_members(const std::vector<std::vector<Probabilities>>& members);

class FaceClassifier {
 public:
  // Throws ModelError when `models` is empty or a member is missing its network.
  explicit FaceClassifier(std::vector<LoadedModel> models);
  // Copies share the (read-only) networks.
  FaceClassifier(const FaceClassifier&);
  FaceClassifier(FaceClassifier&&) noexcept;
  FaceClassifier& operator=(const FaceClassifier&);
  FaceClassifier& operator=(FaceClassifier&&) noexcept;
  ~FaceClassifier();
  // load_model() on each path (see resolve_model_paths for turning a user's spec into paths).
  static FaceClassifier load(const std::vector<std::string>& weights_paths);

  // `faces48` holds n contiguous 48x48 uint8 gray faces (kFacePixels bytes each).
  // Batches internally; returns one probability vector per face.
  std::vector<Probabilities> predict(const uint8_t* faces48, size_t n, Tta tta = Tta::None) const;
  Probabilities predict_one(const uint8_t* face48, Tta tta = Tta::None) const;
  // The same, per member: result[m][i] is member m's probabilities for face i
  // (predict() is their mean). For per-model scores of an ensemble.
  std::vector<std::vector<Probabilities>> predict_members(const uint8_t* faces48, size_t n, Tta tta = Tta::None) const;
  // Member `member`'s raw logits for each face, one view (no TTA), before its
  // temperature: what a temperature is fitted on.
  std::vector<Logits> member_logits(size_t member, const uint8_t* faces48, size_t n) const;

  // Faces per forward pass. Larger batches amortise per-call overhead; 128 keeps
  // the ResNet-18's activations for one batch well under a gigabyte.
  void set_batch_size(size_t batch_size);
  size_t batch_size() const { return batch_size_; }

  size_t size() const;
  bool is_ensemble() const { return size() > 1; }
  // Members in the order given; nets are in eval mode on CPU. Grad-CAM and the
  // workbench use these directly (see the thread-safety note above).
  const std::vector<LoadedModel>& models() const;
  std::vector<std::string> model_names() const;  // card names, e.g. {"cnn-fer2013"}
  std::vector<ModelCard> cards() const;           // the members' cards, in order
  std::string description() const;               // "cnn-fer2013" or "ensemble(cnn, resnet18)"
  // Each member's card and size (model_facts): call it before the classifier
  // is shared between threads, as model_facts says.
  std::vector<ModelFacts> member_facts() const;

 private:
  std::vector<LoadedModel> models_;
  size_t batch_size_ = 128;
};

}  // namespace ferlab
