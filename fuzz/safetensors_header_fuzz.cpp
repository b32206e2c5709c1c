// libFuzzer target: the safetensors header reader (read_safetensors_header).
// Any input either parses or throws ModelError; a header that parses describes
// tensors that lie inside the file, match their shapes and do not overlap.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "fuzz_input_file.hpp"
#include "models/safetensors_header.hpp"

using ferlab::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    auto header = ferlab::read_safetensors_header(in, "input.safetensors");
    check(header.data_start <= header.file_size && header.file_size == size);
    std::sort(header.tensors.begin(), header.tensors.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    uint64_t previous_end = 0;
    for (const auto& t : header.tensors) {
      uint64_t bytes = ferlab::safetensors_element_size(t.dtype);
      for (const auto d : t.shape) bytes *= static_cast<uint64_t>(d);
      check(t.begin <= t.end && t.end <= size - header.data_start && t.end - t.begin == bytes);
      check(t.begin == t.end || t.begin >= previous_end);
      previous_end = std::max(previous_end, t.end);
    }
  } catch (const ferlab::ModelError&) {
  }
  return 0;
}
