#pragma once
// What the Models panel says about a loaded model: one line per fact of its
// card (accuracy and the split it was measured on, size, cost, training data,
// calibration, date), and for an ensemble what the whole costs.
#include <string>
#include <vector>

#include "models/model_facts.hpp"

namespace ferlab::app {

std::vector<std::string> model_card_lines(const ModelFacts& facts);
// The ensemble's own line: its rule and the members' parameters and
// multiply-accumulates summed (each face goes through every member).
std::string ensemble_card_line(const std::vector<ModelFacts>& members);

}  // namespace ferlab::app
