#include "data/file_bytes.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/errors.hpp"

namespace ferlab::detail {

std::string read_file_bytes(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw DataError("no such file or directory: " + path);
  if (std::filesystem::is_directory(path, ec)) throw DataError("cannot read " + path + ": it is a directory");
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw DataError("cannot read " + path + ": " + std::strerror(errno));
  std::string bytes;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec) {
    bytes.resize(static_cast<size_t>(size));
    bytes.resize(std::fread(bytes.data(), 1, bytes.size(), file.get()));
  }
  // Whatever file_size did not promise (a growing file, a pipe) is read too.
  char chunk[1 << 16];
  size_t n = 0;
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0) bytes.append(chunk, n);
  if (std::ferror(file.get())) throw DataError("cannot read " + path + ": " + std::strerror(errno));
  return bytes;
}

}  // namespace ferlab::detail
