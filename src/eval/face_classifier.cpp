#include "eval/face_classifier.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <stdexcept>

#include "core/errors.hpp"
#include "core/face_dataset.hpp"
#include "eval/model_input.hpp"
#include "models/model_io.hpp"
#include "models/preprocess.hpp"

namespace ferlab {

namespace {

// 44 of 48 pixels: the crop that torchvision-style ten-crop evaluation of
// FER-2013 uses; offsets 0 and 4 give the corners, 2 the center.
constexpr int kCropSize = 44;
constexpr int kCropMargin = kFaceSize - kCropSize;

// The views of one batch that TTA averages over, each at the model's input size.
// `x48` is the normalised N x 1 x 48 x 48 batch.
std::vector<torch::Tensor> tta_views(const torch::Tensor& x48, Tta tta, int input_size) {
  const torch::Tensor whole = resize_batch(x48, input_size);
  switch (tta) {
    case Tta::None: return {whole};
    case Tta::Flip: return {whole, whole.flip({3})};  // dim 3 is the image width
    case Tta::TenCrop: {
      std::vector<torch::Tensor> views;
      views.reserve(10);
      const int offsets[5][2] = {{0, 0}, {0, kCropMargin}, {kCropMargin, 0}, {kCropMargin, kCropMargin},
                                 {kCropMargin / 2, kCropMargin / 2}};
      for (const auto& [y, x] : offsets) {
        const torch::Tensor crop =
            resize_batch(x48.slice(2, y, y + kCropSize).slice(3, x, x + kCropSize), input_size);
        views.push_back(crop);
        views.push_back(crop.flip({3}));
      }
      return views;
    }
  }
  throw std::logic_error("unknown Tta value");
}

torch::Tensor checked_logits(const LoadedModel& model, const torch::Tensor& view) {
  const torch::Tensor logits = model.net->forward(view.contiguous());
  if (logits.dim() != 2 || logits.size(1) != kNumEmotions)
    throw ModelError("model " + model.card.name + " (" + model.weights_path + ") returned logits of shape " +
                     c10::str(logits.sizes()) + ", expected N x " + std::to_string(kNumEmotions));
  return logits.to(torch::kFloat);
}

// Mean over TTA views of one member's softmax(logits / T): N x 7.
torch::Tensor member_probabilities(const LoadedModel& model, const uint8_t* faces48, size_t n, Tta tta) {
  const torch::Tensor x48 = faces_to_tensor(faces48, n, model.card.normalization, kFaceSize);
  torch::Tensor sum;
  const std::vector<torch::Tensor> views = tta_views(x48, tta, model.card.input_size);
  for (const torch::Tensor& view : views) {
    const torch::Tensor p = class_probabilities(model, checked_logits(model, view));
    sum = sum.defined() ? sum + p : p;
  }
  return sum / static_cast<double>(views.size());
}

// N x 7 float tensor -> rows.
std::vector<Probabilities> rows_of(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat).contiguous();
  const float* values = c.data_ptr<float>();
  std::vector<Probabilities> rows(static_cast<size_t>(c.size(0)));
  for (size_t i = 0; i < rows.size(); ++i) std::copy_n(values + i * kNumEmotions, kNumEmotions, rows[i].begin());
  return rows;
}

}  // namespace

std::string_view tta_name(Tta tta) {
  switch (tta) {
    case Tta::None: return "none";
    case Tta::Flip: return "flip";
    case Tta::TenCrop: return "tencrop";
  }
  return "unknown";
}

std::optional<Tta> tta_from_name(std::string_view name) {
  const std::string s = to_lower(name);
  if (s == "none" || s.empty()) return Tta::None;
  if (s == "flip") return Tta::Flip;
  if (s == "tencrop" || s == "ten-crop" || s == "10crop") return Tta::TenCrop;
  return std::nullopt;
}

int tta_view_count(Tta tta) {
  switch (tta) {
    case Tta::None: return 1;
    case Tta::Flip: return 2;
    case Tta::TenCrop: return 10;
  }
  return 1;
}

int argmax(const Probabilities& probabilities) {
  return static_cast<int>(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin());
}

std::vector<Probabilities> mean_over_members(const std::vector<std::vector<Probabilities>>& members) {
  if (members.empty()) return {};
  std::vector<Probabilities> mean(members.front().size(), Probabilities{});
  for (const std::vector<Probabilities>& member : members)
    for (size_t i = 0; i < mean.size(); ++i)
      for (size_t c = 0; c < kNumEmotions; ++c) mean[i][c] += member[i][c];
  for (Probabilities& p : mean)
    for (float& value : p) value /= static_cast<float>(members.size());
  return mean;
}

FaceClassifier::FaceClassifier(std::vector<LoadedModel> models) : models_(std::move(models)) {
  if (models_.empty()) throw ModelError("a face classifier needs at least one model");
  for (const LoadedModel& m : models_) {
    if (!m.net) throw ModelError("model " + m.card.name + " (" + m.weights_path + ") has no network");
    if (m.card.input_size <= 0)
      throw ModelError("model " + m.card.name + " has input size " + std::to_string(m.card.input_size));
    m.net->eval();
  }
}

FaceClassifier::FaceClassifier(const FaceClassifier&) = default;
FaceClassifier::FaceClassifier(FaceClassifier&&) noexcept = default;
FaceClassifier& FaceClassifier::operator=(const FaceClassifier&) = default;
FaceClassifier& FaceClassifier::operator=(FaceClassifier&&) noexcept = default;
FaceClassifier::~FaceClassifier() = default;

FaceClassifier FaceClassifier::load(const std::vector<std::string>& weights_paths) {
  std::vector<LoadedModel> models;
  models.reserve(weights_paths.size());
  for (const std::string& path : weights_paths) models.push_back(load_model(path));
  return FaceClassifier(std::move(models));
}

void FaceClassifier::set_batch_size(size_t batch_size) { batch_size_ = std::max<size_t>(1, batch_size); }

std::vector<Probabilities> FaceClassifier::predict(const uint8_t* faces48, size_t n, Tta tta) const {
  return mean_over_members(predict_members(faces48, n, tta));
}

std::vector<std::vector<Probabilities>> FaceClassifier::predict_members(const uint8_t* faces48, size_t n,
                                                                        Tta tta) const {
  std::vector<std::vector<Probabilities>> out(models_.size());
  c10::InferenceMode inference;
  for (size_t begin = 0; begin < n; begin += batch_size_) {
    const size_t count = std::min(batch_size_, n - begin);
    for (size_t m = 0; m < models_.size(); ++m) {
      const std::vector<Probabilities> rows =
          rows_of(member_probabilities(models_[m], faces48 + begin * kFacePixels, count, tta));
      // argmax of NaNs is an arbitrary class: a broken model must fail, not label faces.
      for (size_t i = 0; i < rows.size(); ++i)
        if (!std::all_of(rows[i].begin(), rows[i].end(), [](float v) { return std::isfinite(v); }))
          throw ModelError(models_[m].card.name + " (" + models_[m].weights_path +
                           ") produced a non-finite probability (NaN or infinity) for face " +
                           std::to_string(begin + i + 1) + " of " + std::to_string(n) +
                           "; its weights or card are probably damaged");
      out[m].insert(out[m].end(), rows.begin(), rows.end());
    }
  }
  return out;
}

std::vector<Logits> FaceClassifier::member_logits(size_t member, const uint8_t* faces48, size_t n) const {
  if (member >= models_.size())
    throw std::out_of_range("member_logits: member " + std::to_string(member) + " of " +
                            std::to_string(models_.size()));
  const LoadedModel& model = models_[member];
  std::vector<Logits> out;
  out.reserve(n);
  c10::InferenceMode inference;
  for (size_t begin = 0; begin < n; begin += batch_size_) {
    const size_t count = std::min(batch_size_, n - begin);
    const torch::Tensor x48 = faces_to_tensor(faces48 + begin * kFacePixels, count, model.card.normalization, kFaceSize);
    const std::vector<Logits> rows = rows_of(checked_logits(model, resize_batch(x48, model.card.input_size)));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

Probabilities FaceClassifier::predict_one(const uint8_t* face48, Tta tta) const {
  return predict(face48, 1, tta).front();
}

size_t FaceClassifier::size() const { return models_.size(); }

const std::vector<LoadedModel>& FaceClassifier::models() const { return models_; }

std::vector<std::string> FaceClassifier::model_names() const {
  std::vector<std::string> names;
  for (const LoadedModel& m : models_) names.push_back(m.card.name);
  return names;
}

std::vector<ModelCard> FaceClassifier::cards() const {
  std::vector<ModelCard> cards;
  for (const LoadedModel& m : models_) cards.push_back(m.card);
  return cards;
}

std::string FaceClassifier::description() const {
  if (models_.size() == 1) return models_.front().card.name;
  std::string out = "ensemble(";
  for (size_t i = 0; i < models_.size(); ++i) out += (i ? ", " : "") + models_[i].card.name;
  return out + ")";
}

std::vector<ModelFacts> FaceClassifier::member_facts() const {
  std::vector<ModelFacts> facts;
  for (const LoadedModel& model : models_) facts.push_back(model_facts(model));
  return facts;
}

}  // namespace ferlab
