#pragma once
// The model card: what makes a weights file usable on its own (architecture,
// options, the normalisation the network was trained with, calibration), and
// its JSON form. No LibTorch, so the fuzz targets parse cards on their own.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ferlab {

struct Normalization {
  float mean = 0.5f;  // applied to pixels scaled to [0,1]
  float std = 0.5f;
  // Gaussian blur (sigma in pixels of the 48x48 face) applied to every input at
  // inference, to match training faces that were blurred (the project's first
  // copy of FER-2013's training half was). 0 = none, the default. Training
  // batches never get it.
  float blur_sigma = 0.0f;
};

// Temperature scaling fitted by `ferlab calibrate` (docs/EVALUATION.md): the
// classifier divides this model's logits by `temperature` before the softmax.
struct CardCalibration {
  double temperature = 1.0;
  std::string split;      // the split the temperature was fitted on
  double ece_before = 0;  // expected calibration error (15 bins) on that split at T = 1
  double ece_after = 0;   // ... and at the fitted T
  std::string labels = "fer2013";  // what it was scored against there: fer2013 or ferplus (the crowd's majority)
};

struct ModelCard {
  std::string name;           // e.g. "cnn-fer2013"
  std::string arch;           // a kind from model_kinds.hpp, or "torchscript" (torchscript_net.hpp)
  nlohmann::json options = nlohmann::json::object();  // architecture options (widths, ...)
  int input_size = 48;
  int channels = 1;           // 3: the grey face repeated in three channels (TorchScript models)
  Normalization normalization;
  // The network's outputs, in its order. FERLab's own networks: the canonical
  // order, filled by default. A TorchScript model's may be another order or
  // other classes (FER+'s eight, six without neutral), mapped by name.
  std::vector<std::string> classes;
  nlohmann::json training = nlohmann::json::object();  // data, split, epochs, seed, command, ...
  nlohmann::json metrics = nlohmann::json::object();   // from `ferlab eval`
  std::optional<CardCalibration> calibration;           // absent: T = 1
  std::string created;        // ISO-8601 date

  double temperature() const { return calibration ? calibration->temperature : 1.0; }
  // For each output of the network, its canonical emotion (core/emotion.hpp),
  // or -1 for a class that is not one of the seven (FER+'s contempt).
  std::vector<int> output_emotions() const;
  // The seven emotions the network has no output for ("" when it has all).
  std::string missing_emotions() const;

  nlohmann::json to_json() const;
  static ModelCard from_json(const nlohmann::json& j, const std::string& source_for_errors);
  static constexpr const char* kTorchScriptArch = "torchscript";
};

// The card in models_dir of the model shipped for `arch`, so that what is
// measured per architecture is what ships: models_dir/ARCH.json when it is a
// card for ARCH (not "cnn-ferplus.json", which sorts first), else the first
// other card for ARCH by name (a folder holding only "cnn-s7"); empty when none.
std::string shipped_card_for(const std::string& models_dir, const std::string& arch);

}  // namespace ferlab
