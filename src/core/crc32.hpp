#pragma once
// CRC-32 (IEEE 802.3, the one zlib.crc32 and `gzip` compute), so the checksums
// of packs and checkpoints can be checked with any standard tool.
#include <cstddef>
#include <cstdint>

namespace ferlab {

class Crc32 {
 public:
  void update(const void* data, size_t size);
  uint32_t value() const { return ~state_; }

 private:
  uint32_t state_ = 0xFFFFFFFFu;
};

uint32_t crc32(const void* data, size_t size);

}  // namespace ferlab
