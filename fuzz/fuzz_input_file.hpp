#pragma once
// The loaders read files, so each fuzz input is written to a private scratch
// file first: the fuzzer then exercises the same code path a user's file takes.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace ferlab::fuzz {

class InputFile {
 public:
  explicit InputFile(const std::string& extension)
      : path_((std::filesystem::temp_directory_path() /
               ("ferlab-fuzz-" + std::to_string(::getpid()) + extension)).string()) {}
  ~InputFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  const std::string& path() const { return path_; }

  const std::string& write(const uint8_t* data, size_t size) {
    std::ofstream(path_, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path_;
  }

 private:
  std::string path_;
};

// A broken invariant is a finding: abort so libFuzzer saves the input.
inline void check(bool holds) {
  if (!holds) __builtin_trap();
}

}  // namespace ferlab::fuzz
