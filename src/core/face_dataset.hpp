#pragma once
// FaceDataset: 48x48 grayscale faces with canonical labels and their split,
// held as flat uint8 arrays so that it packs, copies and batches cheaply.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/emotion.hpp"

namespace ferlab {

constexpr int kFaceSize = 48;
constexpr int kFacePixels = kFaceSize * kFaceSize;

enum class Split : uint8_t { Train = 0, PublicTest = 1, PrivateTest = 2 };
constexpr int kNumSplits = 3;

std::string_view split_name(Split split);  // "train", "test" (PublicTest), "private"
// Accepts the CSV's Usage values (Training, PublicTest, PrivateTest) and the
// folder/CLI names (train, test, val, private).
std::optional<Split> split_from_name(std::string_view name);

using ClassCounts = std::array<size_t, kNumEmotions>;

class FaceDataset {
 public:
  size_t size() const { return labels_.size(); }
  bool empty() const { return labels_.empty(); }

  const uint8_t* image(size_t i) const { return pixels_.data() + i * kFacePixels; }
  int label(size_t i) const { return labels_[i]; }
  Split split(size_t i) const { return static_cast<Split>(splits_[i]); }
  // Where the sample came from ("train/happy/Training_1.jpg", "file.csv:17").
  const std::string& source(size_t i) const { return sources_[i]; }

  const std::vector<uint8_t>& pixels() const { return pixels_; }
  const std::vector<uint8_t>& labels() const { return labels_; }
  const std::vector<uint8_t>& splits() const { return splits_; }

  void reserve(size_t n);
  void add(const uint8_t* pixels48x48, int label, Split split, std::string source);

  FaceDataset subset(Split split) const;
  FaceDataset subset(const std::vector<size_t>& indices) const;
  size_t count(Split split) const;
  ClassCounts class_counts() const;
  ClassCounts class_counts(Split split) const;

 private:
  std::vector<uint8_t> pixels_;
  std::vector<uint8_t> labels_;
  std::vector<uint8_t> splits_;
  std::vector<std::string> sources_;
};

}  // namespace ferlab
