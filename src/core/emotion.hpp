#pragma once
// The seven FER-2013 emotions in the one canonical order used everywhere in
// FERLab: FER-2013's CSV order. Folder names are mapped by name, never by
// position, because the alphabetical folder order differs.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ferlab {

constexpr int kNumEmotions = 7;

// A probability per emotion, canonical order, summing to 1.
using ClassDistribution = std::array<float, kNumEmotions>;

// Lower-case names in canonical order: "angry", "disgust", ...
const std::array<std::string_view, kNumEmotions>& emotion_names();
// A NUL-terminated literal: it goes to printf and ImGui as it is ("unknown" out of range).
const char* emotion_name(int label);
// Case-insensitive; accepts the folder names, the CSV-era capitalised ones and
// FER+'s spellings ("happiness", "anger", ...).
std::optional<int> emotion_from_name(std::string_view name);
// FER-2013 CSV `emotion` column -> canonical label (identity today, but validated).
std::optional<int> emotion_from_csv_code(long code);

}  // namespace ferlab
