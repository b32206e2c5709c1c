#pragma once
// Reads an architecture's options from the model card's JSON `options` object.
// Every key must be consumed: a typo such as "widht" is an error, not a silently
// ignored setting that trains a different network than the user asked for.
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace ferlab {

class ArchOptions {
 public:
  // Throws ModelError if `options` is neither null nor a JSON object.
  ArchOptions(std::string arch, const nlohmann::json& options);

  double number(const std::string& key, double fallback, double min, double max);
  std::string choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed);

  // Throws ModelError naming every key that no builder asked for.
  void reject_unknown_keys() const;

 private:
  std::string arch_;
  nlohmann::json options_;
  std::set<std::string> consumed_;
};

}  // namespace ferlab
