#pragma once
// The publishable parts of `ferlab eval`'s output: calibration per model and
// the statistics that say whether one model beats another.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "eval/evaluator.hpp"
#include "plot/reliability_diagram.hpp"

namespace ferlab::cli {

// One entry per member of the result's classifier (when an ensemble) and one
// for its output (the ensemble, or the single model).
std::vector<NamedCalibration> calibration_of(const EvalResult& result);
void print_calibration(const std::vector<NamedCalibration>& calibrations);
nlohmann::json calibration_json(const std::vector<NamedCalibration>& calibrations);

// Results of several models on the same faces, in the order given.
void print_comparison(const std::vector<EvalResult>& results);
nlohmann::json comparison_json(const std::vector<EvalResult>& results);

}  // namespace ferlab::cli
