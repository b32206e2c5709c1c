#pragma once
// JSON read from files and written to them, in one place. nlohmann parses any
// depth, but copying or dumping a value recurses once per nesting level: 200,000
// nested '[' parse fine and then overflow the stack (SIGSEGV) when a model card
// field is copied or an error message quotes it. Input is checked for depth
// first. nlohmann's dump throws on strings that are not UTF-8 (file names, CSV
// cells); output replaces such bytes.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ferlab {

// Deeper than any file FERLab reads (model cards, safetensors headers and
// checkpoint states are 3-5 levels) and far from what the stack can hold.
constexpr int kMaxJsonDepth = 64;

// Throws ferlab::Error "SOURCE: bad JSON: ..." for malformed text, nesting
// deeper than kMaxJsonDepth, or an object with the same key twice (nlohmann
// would silently keep the last one: a second tensor entry or a second
// "normalization" would win unseen).
nlohmann::json parse_json(std::string_view text, const std::string& source);

// j.dump(indent), never throwing: invalid UTF-8 becomes U+FFFD.
std::string json_text(const nlohmann::json& j, int indent = -1);

}  // namespace ferlab
