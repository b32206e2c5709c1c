#pragma once
// Models that PyTorch itself wrote (tests/models/torchscript_fixtures.py, run
// with Debian's python3-torch, which scripts/setup.sh installs), and PyTorch's
// own answers for them: the ground truth of the TorchScript tests.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/temp_dir.hpp"

namespace ferlab::test {

inline std::string torchscript_script() {
  return std::string(FERLAB_SOURCE_DIR) + "/tests/models/torchscript_fixtures.py";
}

// "" when this machine's Python has no torch (the tests then skip, saying so).
inline bool have_pytorch() {
  static const bool have = std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
  return have;
}

// The folder the fixtures were written to, once per test binary.
inline const std::string& torchscript_fixtures() {
  static TempDir dir("torchscript-fixtures");
  static const bool written =
      std::system(("/usr/bin/python3 " + torchscript_script() + " models " + dir.path().string()).c_str()) == 0;
  static const std::string path = written ? dir.path().string() : "";
  return path;
}

inline std::vector<float> read_floats(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<float> values;
  for (float v; in.read(reinterpret_cast<char*>(&v), sizeof v);) values.push_back(v);
  return values;
}

inline void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                              static_cast<std::streamsize>(bytes.size()));
}

// PyTorch's logits for n 48x48 faces (N x K, row-major), the input prepared
// as the card says: `extra` = "SIZE CHANNELS MEAN STD", or "" for 48 x 48 grey in [0, 1].
inline std::vector<float> pytorch_logits(const std::string& model, const std::vector<uint8_t>& faces, size_t n,
                                         const TempDir& dir, const std::string& extra = "") {
  write_bytes(dir.file("faces.u8"), faces);
  const std::string command = "/usr/bin/python3 " + torchscript_script() + " predict " + model + " " +
                              dir.file("faces.u8") + " " + std::to_string(n) + " " + dir.file("logits.f32") + " " + extra;
  if (std::system(command.c_str()) != 0) return {};
  return read_floats(dir.file("logits.f32"));
}

}  // namespace ferlab::test
