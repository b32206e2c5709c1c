#pragma once
// Internal to the loaders: whole-file reads with errors that name the file.
#include <string>

namespace ferlab::detail {

// The file's bytes; throws DataError "no such file or directory: PATH" or
// "cannot read PATH: <reason>".
std::string read_file_bytes(const std::string& path);

}  // namespace ferlab::detail
