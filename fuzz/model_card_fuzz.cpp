// libFuzzer target: model cards (parse_json, then ModelCard::from_json). Any
// input either gives a card or throws ferlab::Error; a card that parses writes
// back to JSON that parses to the same card.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "fuzz_input_file.hpp"
#include "models/model_card.hpp"

using ferlab::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  ferlab::ModelCard card;
  try {
    card = ferlab::ModelCard::from_json(ferlab::parse_json(text, "input.json"), "input.json");
  } catch (const ferlab::Error&) {
    return 0;
  }
  const std::string written = ferlab::json_text(card.to_json());
  const auto again = ferlab::ModelCard::from_json(ferlab::parse_json(written, "written.json"), "written.json");
  check(ferlab::json_text(again.to_json()) == written);
  return 0;
}
