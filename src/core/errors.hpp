#pragma once
// One exception type per layer. Messages carry context: which file, which
// row, what was expected and what was found.
#include <stdexcept>
#include <string>

namespace ferlab {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Bad or missing data files (CSV, image folders, packed files).
struct DataError : Error {
  using Error::Error;
};
// Bad model files, wrong architecture or shapes.
struct ModelError : Error {
  using Error::Error;
};
// Bad user-supplied options.
struct UsageError : Error {
  using Error::Error;
};

}  // namespace ferlab
