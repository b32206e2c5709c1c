#pragma once
// Internal to the data module: the constants of the ".ferpack" layout that
// docs/DATA_FORMAT.md describes, shared by the packer and the format sniffer.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ferlab::detail {

inline constexpr char kPackedMagic[8] = {'F', 'E', 'R', 'P', 'A', 'C', 'K', '\0'};
// Bump when the layout changes; readers refuse versions they do not know.
inline constexpr uint32_t kPackedVersion = 1;
// magic 8 + version 4 + face side 4 + count 8 + payload size 8 + payload CRC 4 + header CRC 4.
inline constexpr size_t kPackedVersionOffset = 8;
inline constexpr size_t kPackedFaceSizeOffset = 12;
inline constexpr size_t kPackedCountOffset = 16;
inline constexpr size_t kPackedPayloadSizeOffset = 24;
inline constexpr size_t kPackedPayloadCrcOffset = 32;
inline constexpr size_t kPackedHeaderCrcOffset = 36;  // CRC-32 of the 36 bytes before it
inline constexpr size_t kPackedHeaderBytes = 40;

bool has_packed_magic(std::string_view first_bytes);

}  // namespace ferlab::detail
