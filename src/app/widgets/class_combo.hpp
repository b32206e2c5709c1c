#pragma once
// The one way to pick an emotion class: a combo of the seven, after a first
// item that stands for "no particular class" (any label, the shown label, the
// live model's prediction: its caller says which), stored as -1.
namespace ferlab::app {

// True when the user changed `value` (-1: the first item, else a class).
bool class_combo(const char* label, int& value, const char* none);

}  // namespace ferlab::app
