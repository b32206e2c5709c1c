#include "core/markdown_section.hpp"

#include <filesystem>

#include "core/atomic_file.hpp"

namespace ferlab {

void replace_markdown_section(const std::string& path, const std::string& heading, const std::string& section) {
  std::string text;
  if (std::filesystem::exists(path)) text = read_text_file(path);
  std::string updated;
  const size_t begin = text.rfind(heading + "\n", 0) == 0 ? 0 : text.find("\n" + heading + "\n");
  if (begin == std::string::npos) {
    updated = text.empty() ? "# Benchmarks\n\n" + section : text + (text.back() == '\n' ? "\n" : "\n\n") + section;
  } else {
    const size_t start = begin == 0 ? 0 : begin + 1;
    const size_t next = text.find("\n## ", start + heading.size());
    updated = text.substr(0, start) + section + (next == std::string::npos ? "" : text.substr(next + 1));
  }
  write_text_atomically(path, updated);
}

}  // namespace ferlab
