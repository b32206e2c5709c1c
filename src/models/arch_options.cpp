#include "models/arch_options.hpp"

#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace ferlab {

ArchOptions::ArchOptions(std::string arch, const nlohmann::json& options)
    : arch_(std::move(arch)), options_(options.is_null() ? nlohmann::json::object() : options) {
  if (!options_.is_object())
    throw ModelError("options for architecture '" + arch_ + "' must be a JSON object, got " + json_text(options_));
}

double ArchOptions::number(const std::string& key, double fallback, double min, double max) {
  consumed_.insert(key);
  const auto it = options_.find(key);
  if (it == options_.end()) return fallback;
  if (!it->is_number())
    throw ModelError("option '" + key + "' of architecture '" + arch_ + "' must be a number, got " + json_text(*it));
  const double value = it->get<double>();
  if (value < min || value > max)
    throw ModelError("option '" + key + "' of architecture '" + arch_ + "' must be in [" + json_text(min) +
                     ", " + json_text(max) + "], got " + json_text(*it));
  return value;
}

std::string ArchOptions::choice(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& allowed) {
  consumed_.insert(key);
  const auto it = options_.find(key);
  if (it == options_.end()) return fallback;
  std::string names;
  for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
  if (!it->is_string())
    throw ModelError("option '" + key + "' of architecture '" + arch_ + "' must be one of " + names + ", got " +
                     json_text(*it));
  const std::string value = it->get<std::string>();
  for (const auto& a : allowed)
    if (a == value) return value;
  throw ModelError("option '" + key + "' of architecture '" + arch_ + "' must be one of " + names + ", got '" +
                   value + "'");
}

void ArchOptions::reject_unknown_keys() const {
  std::string unknown;
  for (const auto& item : options_.items())
    if (consumed_.count(item.key()) == 0) unknown += (unknown.empty() ? "'" : ", '") + item.key() + "'";
  if (unknown.empty()) return;
  std::string known;
  for (const auto& k : consumed_) known += (known.empty() ? "" : ", ") + k;
  throw ModelError("unknown option(s) " + unknown + " for architecture '" + arch_ + "' (known: " +
                   (known.empty() ? "none" : known) + ")");
}

}  // namespace ferlab
