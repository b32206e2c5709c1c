#pragma once
// Generated reports (docs/BENCHMARKS.md) are shared by several commands: each
// rewrites only its own "## ..." section and leaves the rest of the file alone.
#include <string>

namespace ferlab {

// Replaces the section that starts with the line `heading` (up to the next "## "
// heading) by `section` (which starts with that heading), or appends it; atomic.
void replace_markdown_section(const std::string& path, const std::string& heading, const std::string& section);

}  // namespace ferlab
