#include "core/emotion.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace ferlab {

const std::array<std::string_view, kNumEmotions>& emotion_names() {
  static constexpr std::array<std::string_view, kNumEmotions> names = {
      "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};
  return names;
}

const char* emotion_name(int label) {
  if (label < 0 || label >= kNumEmotions) return "unknown";
  return emotion_names()[static_cast<size_t>(label)].data();  // the literals above
}

std::optional<int> emotion_from_name(std::string_view name) {
  const std::string lower = to_lower(name);
  const auto& names = emotion_names();
  for (int i = 0; i < kNumEmotions; ++i)
    if (names[static_cast<size_t>(i)] == lower) return i;
  // FER+'s and other data sets' spellings, for the class lists of models trained on them.
  static constexpr std::array<std::pair<std::string_view, int>, 6> kOtherSpellings{
      {{"anger", 0}, {"disgusted", 1}, {"fearful", 2}, {"happiness", 3}, {"sadness", 4}, {"surprised", 5}}};
  for (const auto& [spelling, label] : kOtherSpellings)
    if (spelling == lower) return label;
  return std::nullopt;
}

std::optional<int> emotion_from_csv_code(long code) {
  if (code < 0 || code >= kNumEmotions) return std::nullopt;
  return static_cast<int>(code);
}

}  // namespace ferlab
