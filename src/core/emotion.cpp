#include "core/emotion.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace ferlab {

const std::array<std::string_view, kNumEmotions>& emotion_names() {
  static constexpr std::array<std::string_view, kNumEmotions> names = {
      "angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"};
  return names;
}

std::string_view emotion_name(int label) {
  if (label < 0 || label >= kNumEmotions) return "unknown";
  return emotion_names()[static_cast<size_t>(label)];
}

std::optional<int> emotion_from_name(std::string_view name) {
  const std::string lower = to_lower(name);
  const auto& names = emotion_names();
  for (int i = 0; i < kNumEmotions; ++i)
    if (names[static_cast<size_t>(i)] == lower) return i;
  return std::nullopt;
}

std::optional<int> emotion_from_csv_code(long code) {
  if (code < 0 || code >= kNumEmotions) return std::nullopt;
  return static_cast<int>(code);
}

}  // namespace ferlab
