#pragma once
// The message of the E that `f` throws, for tests that check what an error
// says; "(no such error)" when it throws none.
#include <functional>
#include <string>

namespace ferlab::test {

template <typename E>
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "(no such error)";
}

}  // namespace ferlab::test
