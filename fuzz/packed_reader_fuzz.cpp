// libFuzzer target: the ".ferpack" reader (load_packed). Any input either loads
// or throws DataError naming the file; what loads saves and loads back the same.
// Each input is also tried with both CRCs made to match, so the fuzzer reaches
// the payload parsing behind the checksums instead of only the checks.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/crc32.hpp"
#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data/packed_layout.hpp"
#include "fuzz_input_file.hpp"

namespace {

using namespace ferlab;
using namespace ferlab::detail;
using ferlab::fuzz::check;

void put_u32(std::string& bytes, size_t offset, uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

std::string with_matching_checksums(std::string bytes) {
  if (bytes.size() < kPackedHeaderBytes) return bytes;
  put_u32(bytes, kPackedPayloadCrcOffset, crc32(bytes.data() + kPackedHeaderBytes, bytes.size() - kPackedHeaderBytes));
  put_u32(bytes, kPackedHeaderCrcOffset, crc32(bytes.data(), kPackedHeaderCrcOffset));
  return bytes;
}

bool same(const FaceDataset& a, const FaceDataset& b) {
  if (a.pixels() != b.pixels() || a.labels() != b.labels() || a.splits() != b.splits()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a.source(i) != b.source(i)) return false;
  return true;
}

void load_and_round_trip(const std::string& bytes) {
  static fuzz::InputFile input(".ferpack"), resaved(".resaved.ferpack");
  const std::string& path = input.write(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  FaceDataset dataset;
  try {
    dataset = load_packed(path);
  } catch (const DataError&) {
    return;
  }
  save_packed(dataset, resaved.path());
  check(same(load_packed(resaved.path()), dataset));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  load_and_round_trip(bytes);
  load_and_round_trip(with_matching_checksums(bytes));
  return 0;
}
