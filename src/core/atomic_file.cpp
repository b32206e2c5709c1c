#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.hpp"

namespace ferlab {
namespace fs = std::filesystem;

namespace {

// Where a full disk shows up on file systems with delayed allocation: a write
// that fsync or close rejects was never on disk.
void sync_file(const std::string& tmp, const std::string& path) {
  const int fd = ::open(tmp.c_str(), O_RDONLY);
  if (fd < 0) throw Error("writing " + path + " failed: " + std::strerror(errno));
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  if (::close(fd) != 0 || !synced)
    throw Error("writing " + path + " failed: " + std::strerror(synced ? errno : sync_errno));
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY);
  if (fd < 0) return;  // the rename is done; only its durability across a power cut is at stake
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw Error("cannot write " + path + ": cannot create folder " + target.parent_path().string() + ": " + ec.message());
  }
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  // Whatever fails, the temporary file goes and the old target stays as it was.
  try {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write " + path + ": " + std::strerror(errno));
    errno = 0;
    write(out);
    out.close();
    if (out.fail())
      throw Error("writing " + path + " failed: " + (errno ? std::strerror(errno) : "stream error") + " (disk full?)");
    sync_file(tmp, path);
    fs::rename(tmp, target, ec);
    if (ec) throw Error("cannot replace " + path + ": " + ec.message());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  if (target.has_parent_path()) sync_directory(target.parent_path());
}

void write_text_atomically(const std::string& path, const std::string& text) {
  write_file_atomically(path, [&](std::ostream& out) { out << text; });
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace ferlab
