#pragma once
// ImGui::Combo over an enum whose values run 0..count-1 in the order of
// `items`: the panels keep their options as enums, not as the ints ImGui takes.
#include <imgui.h>

namespace ferlab::app {

template <typename Enum, int N>
bool enum_combo(const char* label, Enum& value, const char* const (&items)[N]) {
  int index = static_cast<int>(value);
  if (!ImGui::Combo(label, &index, items, N)) return false;
  value = static_cast<Enum>(index);
  return true;
}

}  // namespace ferlab::app
