#pragma once
// Generated datasets for the data tests: a temporary folder removed afterwards,
// CSV rows and face images written from known pixels.
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/face_dataset.hpp"
#include "support/temp_dir.hpp"

namespace ferlab::test {

namespace fs = std::filesystem;

inline void write_text(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A face whose every pixel differs from its neighbours, seeded so faces differ.
inline std::vector<uint8_t> pattern_face(int seed) {
  std::vector<uint8_t> face(kFacePixels);
  for (int i = 0; i < kFacePixels; ++i) face[static_cast<size_t>(i)] = static_cast<uint8_t>((i * 7 + seed * 31) % 256);
  return face;
}

inline std::string pixels_field(const std::vector<uint8_t>& face) {
  std::string out;
  for (size_t i = 0; i < face.size(); ++i) out += (i ? " " : "") + std::to_string(face[i]);
  return out;
}

inline std::string csv_row(int label, const std::vector<uint8_t>& face, const std::string& usage) {
  return std::to_string(label) + "," + pixels_field(face) + "," + usage + "\n";
}

inline bool contains(const std::vector<std::string>& lines, const std::string& needle) {
  for (const std::string& line : lines)
    if (line.find(needle) != std::string::npos) return true;
  return false;
}

}  // namespace ferlab::test
