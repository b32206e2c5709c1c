#include "core/face_dataset.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace ferlab {

std::string_view split_name(Split split) {
  switch (split) {
    case Split::Train: return "train";
    case Split::PublicTest: return "test";
    case Split::PrivateTest: return "private";
  }
  return "unknown";
}

std::optional<Split> split_from_name(std::string_view name) {
  const std::string s = to_lower(name);
  if (s == "train" || s == "training") return Split::Train;
  if (s == "test" || s == "publictest" || s == "val" || s == "validation") return Split::PublicTest;
  if (s == "private" || s == "privatetest") return Split::PrivateTest;
  return std::nullopt;
}

void FaceDataset::reserve(size_t n) {
  pixels_.reserve(n * kFacePixels);
  labels_.reserve(n);
  splits_.reserve(n);
  sources_.reserve(n);
}

void FaceDataset::add(const uint8_t* pixels48x48, int label, Split split, std::string source) {
  pixels_.insert(pixels_.end(), pixels48x48, pixels48x48 + kFacePixels);
  labels_.push_back(static_cast<uint8_t>(label));
  splits_.push_back(static_cast<uint8_t>(split));
  sources_.push_back(std::move(source));
}

FaceDataset FaceDataset::subset(Split split) const {
  std::vector<size_t> indices;
  for (size_t i = 0; i < size(); ++i)
    if (splits_[i] == static_cast<uint8_t>(split)) indices.push_back(i);
  return subset(indices);
}

FaceDataset FaceDataset::subset(const std::vector<size_t>& indices) const {
  FaceDataset out;
  out.reserve(indices.size());
  for (size_t i : indices) out.add(image(i), label(i), this->split(i), sources_[i]);
  return out;
}

size_t FaceDataset::count(Split split) const {
  return static_cast<size_t>(
      std::count(splits_.begin(), splits_.end(), static_cast<uint8_t>(split)));
}

ClassCounts FaceDataset::class_counts() const {
  ClassCounts counts{};
  for (uint8_t l : labels_) ++counts[l];
  return counts;
}

ClassCounts FaceDataset::class_counts(Split split) const {
  ClassCounts counts{};
  for (size_t i = 0; i < size(); ++i)
    if (splits_[i] == static_cast<uint8_t>(split)) ++counts[labels_[i]];
  return counts;
}

}  // namespace ferlab
