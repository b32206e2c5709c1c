// FERLab's packed dataset (".ferpack"): the byte layout is in docs/DATA_FORMAT.md.
// Kept free of OpenCV so that training and evaluation load data without it.
#include <cstring>
#include <limits>
#include <ostream>
#include <string_view>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "core/crc32.hpp"
#include "data/file_bytes.hpp"
#include "data/packed_layout.hpp"

namespace ferlab {
namespace {

using namespace detail;  // the layout constants of packed_layout.hpp

// Little-endian on every host, so a pack written on one machine reads on any other.
void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
uint32_t get_u32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

std::string encode_sources(const FaceDataset& dataset, const std::string& path) {
  std::string out;
  for (size_t i = 0; i < dataset.size(); ++i) {
    const std::string& source = dataset.source(i);
    if (source.size() > std::numeric_limits<uint32_t>::max())
      throw DataError("cannot pack " + path + ": source of sample " + std::to_string(i) + " is too long");
    put_u32(out, static_cast<uint32_t>(source.size()));
    out += source;
  }
  return out;
}

std::string corrupt(const std::string& path, const std::string& what) {
  return path + ": corrupt packed dataset: " + what;
}

}  // namespace

namespace detail {
bool has_packed_magic(std::string_view first_bytes) {
  return first_bytes.size() >= sizeof kPackedMagic &&
         std::memcmp(first_bytes.data(), kPackedMagic, sizeof kPackedMagic) == 0;
}
}  // namespace detail

void save_packed(const FaceDataset& dataset, const std::string& path) {
  const size_t n = dataset.size();
  const std::string sources = encode_sources(dataset, path);
  const uint64_t payload_bytes = 2 * static_cast<uint64_t>(n) + static_cast<uint64_t>(n) * kFacePixels + sources.size();

  Crc32 payload_crc;
  payload_crc.update(dataset.labels().data(), n);
  payload_crc.update(dataset.splits().data(), n);
  payload_crc.update(dataset.pixels().data(), dataset.pixels().size());
  payload_crc.update(sources.data(), sources.size());

  std::string header(kPackedMagic, sizeof kPackedMagic);
  put_u32(header, kPackedVersion);
  put_u32(header, kFaceSize);
  put_u64(header, n);
  put_u64(header, payload_bytes);
  put_u32(header, payload_crc.value());
  put_u32(header, crc32(header.data(), header.size()));

  write_file_atomically(path, [&](std::ostream& out) {
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(reinterpret_cast<const char*>(dataset.labels().data()), static_cast<std::streamsize>(n));
    out.write(reinterpret_cast<const char*>(dataset.splits().data()), static_cast<std::streamsize>(n));
    out.write(reinterpret_cast<const char*>(dataset.pixels().data()),
              static_cast<std::streamsize>(dataset.pixels().size()));
    out.write(sources.data(), static_cast<std::streamsize>(sources.size()));
  });
}

FaceDataset load_packed(const std::string& path) {
  const std::string bytes = detail::read_file_bytes(path);
  if (!detail::has_packed_magic(bytes))
    throw DataError(path + ": bad magic: not a FERLab packed dataset (.ferpack)");
  if (bytes.size() < kPackedHeaderBytes)
    throw DataError(path + ": truncated: expected at least " + std::to_string(kPackedHeaderBytes) +
                    " bytes of header, found " + std::to_string(bytes.size()));

  const auto* header = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint32_t version = get_u32(header + kPackedVersionOffset);
  if (version != kPackedVersion)
    throw DataError(path + ": unsupported packed format version " + std::to_string(version) +
                    " (this build reads version " + std::to_string(kPackedVersion) + ")");
  // Checked before the sizes in it are believed: a flipped bit in the count
  // must not be reported as a truncated file.
  if (get_u32(header + kPackedHeaderCrcOffset) != crc32(header, kPackedHeaderCrcOffset))
    throw DataError(path + ": header checksum mismatch: the file is damaged");
  const uint32_t face_size = get_u32(header + kPackedFaceSizeOffset);
  if (face_size != static_cast<uint32_t>(kFaceSize))
    throw DataError(path + ": faces are " + std::to_string(face_size) + "x" + std::to_string(face_size) +
                    ", expected " + std::to_string(kFaceSize) + "x" + std::to_string(kFaceSize));
  const uint64_t n = get_u64(header + kPackedCountOffset);
  const uint64_t payload_bytes = get_u64(header + kPackedPayloadSizeOffset);
  const uint32_t stored_payload_crc = get_u32(header + kPackedPayloadCrcOffset);

  const uint64_t expected_bytes = kPackedHeaderBytes + payload_bytes;
  if (payload_bytes > std::numeric_limits<uint64_t>::max() - kPackedHeaderBytes || bytes.size() < expected_bytes)
    throw DataError(path + ": truncated: expected " + std::to_string(expected_bytes) + " bytes, found " +
                    std::to_string(bytes.size()));
  if (bytes.size() > expected_bytes)
    throw DataError(corrupt(path, "expected " + std::to_string(expected_bytes) + " bytes, found " +
                                      std::to_string(bytes.size()) + " (trailing data)"));
  // Per sample: label, split, pixels and at least a 4-byte source length.
  constexpr uint64_t kMinBytesPerSample = 2 + kFacePixels + 4;
  if (n > payload_bytes / kMinBytesPerSample)
    throw DataError(corrupt(path, "header claims " + std::to_string(n) + " faces, but the payload holds only " +
                                      std::to_string(payload_bytes) + " bytes"));

  const uint8_t* const payload = header + kPackedHeaderBytes;
  if (crc32(payload, payload_bytes) != stored_payload_crc)
    throw DataError(path + ": checksum mismatch: the payload is damaged");

  const uint8_t* const labels = payload;
  const uint8_t* const splits = labels + n;
  const uint8_t* const pixels = splits + n;
  const uint8_t* source = pixels + n * kFacePixels;
  const uint8_t* const end = payload + payload_bytes;

  FaceDataset dataset;
  dataset.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    const std::string sample = "sample " + std::to_string(i);  // only for messages; cheap next to the 2304-byte copy
    if (labels[i] >= kNumEmotions)
      throw DataError(corrupt(path, sample + ": label " + std::to_string(labels[i]) + " out of range 0-" +
                                        std::to_string(kNumEmotions - 1)));
    if (splits[i] >= kNumSplits)
      throw DataError(corrupt(path, sample + ": split " + std::to_string(splits[i]) + " out of range 0-" +
                                        std::to_string(kNumSplits - 1)));
    if (end - source < 4) throw DataError(corrupt(path, sample + ": source table ends early"));
    const uint32_t length = get_u32(source);
    source += 4;
    if (static_cast<uint64_t>(end - source) < length)
      throw DataError(corrupt(path, sample + ": source of " + std::to_string(length) + " bytes runs past the end"));
    dataset.add(pixels + i * kFacePixels, labels[i], static_cast<Split>(splits[i]),
                std::string(reinterpret_cast<const char*>(source), length));
    source += length;
  }
  if (source != end)
    throw DataError(corrupt(path, std::to_string(end - source) + " unexplained bytes after the source table"));
  return dataset;
}

}  // namespace ferlab
