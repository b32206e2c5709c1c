#pragma once
// Writes that matter (checkpoints, packed data, exports) go to a temporary file
// beside the target, are flushed, then renamed over it: a crash or kill -9
// leaves either the old file or the new one, never half of one.
#include <functional>
#include <ostream>
#include <string>

namespace ferlab {

// Calls `write` with a stream to a temporary file, then atomically replaces
// `path`. Throws ferlab::Error naming the path and the cause if anything fails
// (an exception from `write` included); the temporary file is removed and the
// old `path` stays as it was.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);
void write_text_atomically(const std::string& path, const std::string& text);

std::string read_text_file(const std::string& path);  // throws Error naming the path

}  // namespace ferlab
