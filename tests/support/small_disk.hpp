#pragma once
// A real, tiny file system (tmpfs) mounted under a TempDir, to make writes fail
// as they do on a full disk or a read-only volume. Mounting needs root (or
// CAP_SYS_ADMIN); tests check mounted() and skip without it.
#include <sys/mount.h>

#include <string>

#include "support/temp_dir.hpp"

namespace ferlab::test {

class SmallDisk {
 public:
  // `size` as tmpfs takes it ("64k"); `read_only` mounts it read-only.
  explicit SmallDisk(const std::string& size, bool read_only = false) : dir_("small-disk") {
    mounted_ = ::mount("tmpfs", dir_.path().c_str(), "tmpfs", read_only ? MS_RDONLY : 0,
                       ("size=" + size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  bool mounted() const { return mounted_; }
  std::string file(const std::string& relative) const { return dir_.file(relative); }
  std::string operator/(const std::string& relative) const { return dir_.file(relative); }

 private:
  TempDir dir_;
  bool mounted_ = false;
};

}  // namespace ferlab::test
