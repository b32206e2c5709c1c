#include "app/widgets/class_combo.hpp"

#include <imgui.h>

#include "core/emotion.hpp"

namespace ferlab::app {

bool class_combo(const char* label, int& value, const char* none) {
  bool changed = false;
  if (!ImGui::BeginCombo(label, value < 0 ? none : emotion_name(value))) return false;
  if (ImGui::Selectable(none, value < 0) && value >= 0) value = -1, changed = true;
  for (int c = 0; c < kNumEmotions; ++c)
    if (ImGui::Selectable(emotion_name(c), value == c) && value != c) value = c, changed = true;
  ImGui::EndCombo();
  return changed;
}

}  // namespace ferlab::app
