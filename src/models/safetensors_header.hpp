#pragma once
// The safetensors header (https://github.com/huggingface/safetensors): an
// 8-byte little-endian length, then a JSON object {name: {dtype, shape,
// data_offsets}, "__metadata__": {string: string}}. Reading and checking it
// needs no LibTorch, so the fuzz targets and the sanitizer build (fuzz/,
// scripts/sanitize.sh) run this parser on its own.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace ferlab {

// Only what write_safetensors produces: a file with other dtypes was not written
// for FERLab, and converting it silently could change what the network computes.
enum class SafetensorsDtype { F32, F16, I64 };
const char* safetensors_dtype_name(SafetensorsDtype dtype);  // "F32", "F16", "I64"
uint64_t safetensors_element_size(SafetensorsDtype dtype);  // bytes

struct SafetensorsEntry {
  std::string name;
  SafetensorsDtype dtype = SafetensorsDtype::F32;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;  // byte offsets into the data after the header
};

struct SafetensorsHeader {
  nlohmann::json json;  // the header object as read
  uint64_t file_size = 0;
  uint64_t data_start = 0;  // file offset of the first tensor byte
  std::map<std::string, std::string> metadata;
  std::vector<SafetensorsEntry> tensors;  // in the header's key order
};

// Reads the header from the start of `in` (a file of file_size bytes) and checks
// every entry before any tensor is allocated. Throws ModelError naming `path`
// (and the tensor) for a truncated file, bad or too deeply nested JSON, an
// unknown dtype, a shape that is not non-negative integers, data_offsets that do
// not match the shape, run past the file or overlap another tensor's.
SafetensorsHeader read_safetensors_header(std::istream& in, const std::string& path);

}  // namespace ferlab
