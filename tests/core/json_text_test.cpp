#include "core/json_text.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace ferlab {
namespace {

std::string error_of(std::string_view text) {
  try {
    parse_json(text, "card.json");
  } catch (const Error& e) {
    return e.what();
  }
  return "(no Error)";
}

TEST(JsonText, TwoHundredThousandNestedArraysAreAClearErrorNotAStackOverflow) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  const std::string message = error_of(deep);
  EXPECT_NE(message.find("card.json: bad JSON: nested 200000 levels deep"), std::string::npos) << message;
}

TEST(JsonText, BracketsInsideStringsDoNotCountTowardsTheDepth) {
  const std::string text = "{\"a\": \"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"}";
  EXPECT_EQ(parse_json(text, "x").at("a").get<std::string>().size(), 2001u);
  EXPECT_NO_THROW(parse_json(std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']'), "x"));
}

TEST(JsonText, DuplicateKeyInAnyObjectIsRefused) {
  EXPECT_NE(error_of(R"({"a": 1, "b": {"std": 0.5, "std": 1e-9}})").find("key \"std\" appears twice"), std::string::npos);
  EXPECT_NO_THROW(parse_json(R"({"a": {"k": 1}, "b": {"k": 2}})", "x"));  // the same key in two objects is fine
}

TEST(JsonText, MalformedJsonNamesTheSource) {
  EXPECT_NE(error_of("{\"a\": [1,").find("card.json: bad JSON:"), std::string::npos);
}

TEST(JsonText, InvalidUtf8IsReplacedInsteadOfThrowing) {
  const nlohmann::json j = {{"path", std::string("caf\xE9.jpg")}};
  EXPECT_THROW((void)j.dump(), nlohmann::json::type_error);  // what nlohmann does on its own
  EXPECT_EQ(json_text(j), "{\"path\":\"caf\xEF\xBF\xBD.jpg\"}");
}

}  // namespace
}  // namespace ferlab
