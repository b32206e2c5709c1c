#pragma once
// A fresh directory under the system temp folder, removed with everything in it
// when the test ends.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace ferlab::test {

class TempDir {
 public:
  // `tag` names the folder, for whoever finds one left behind by a crash.
  explicit TempDir(const std::string& tag = "tmp") {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("ferlab-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& relative) const { return (path_ / relative).string(); }
  std::string operator/(const std::string& relative) const { return file(relative); }

 private:
  std::filesystem::path path_;
};

}  // namespace ferlab::test
