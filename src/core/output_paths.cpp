#include "core/output_paths.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/errors.hpp"

namespace ferlab {
namespace fs = std::filesystem;
namespace {

// The path with every symlink of its existing part resolved; a path that does
// not exist yet keeps its non-existing tail as written.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : p;
}

bool is_inside(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) continue;  // the trailing "" of "dir/"
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

}  // namespace

void refuse_output_over_inputs(const std::string& option, const std::string& output,
                               const std::vector<std::string>& inputs) {
  if (output.empty()) return;
  const fs::path out = resolved(output);
  for (const std::string& input : inputs) {
    if (input.empty()) continue;
    std::error_code ec;
    const fs::path in = resolved(input);
    // equivalent() also catches hard links and bind mounts, which have different names.
    if (out == in || fs::equivalent(output, input, ec))
      throw UsageError(option + " " + output + " is also an input (" + input + "); refusing to overwrite it");
    if (fs::is_directory(in, ec) && is_inside(out, in))
      throw UsageError(option + " " + output + " lies inside the input folder " + input +
                       "; refusing to write into it");
  }
}

void check_output_file(const std::string& option, const std::string& output) {
  std::error_code ec;
  if (fs::is_directory(output, ec))
    throw UsageError(option + " " + output + " is a folder; give a file name");
  fs::path dir = fs::absolute(output, ec).parent_path();
  while (!fs::exists(dir, ec) && dir.has_parent_path() && dir != dir.parent_path()) dir = dir.parent_path();
  if (!fs::is_directory(dir, ec))
    throw UsageError(option + " " + output + ": cannot create it, " + dir.string() + " is a file, not a folder");
  check_directory_writable(dir.string());
}

void check_output(const std::string& option, const std::string& output, const std::vector<std::string>& inputs) {
  if (output.empty()) return;
  refuse_output_over_inputs(option, output, inputs);
  check_output_file(option, output);
}

void check_directory_writable(const std::string& dir) {
  const std::string probe = (fs::path(dir) / (".ferlab-write-test-" + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) throw UsageError("cannot write in folder " + dir + ": " + std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace ferlab
