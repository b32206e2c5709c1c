#include <gtest/gtest.h>

#include <filesystem>

#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "data_test_support.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using test::pattern_face;
using test::read_bytes;
using test::TempDir;
using test::write_text;

// Offsets from docs/DATA_FORMAT.md.
constexpr size_t kHeaderBytes = 40;
constexpr size_t kVersionOffset = 8;
constexpr size_t kCountOffset = 16;
constexpr size_t kPayloadCrcOffset = 32;
constexpr size_t kHeaderCrcOffset = 36;

FaceDataset three_faces() {
  FaceDataset dataset;
  dataset.add(pattern_face(1).data(), 0, Split::Train, "train/angry/a.jpg");
  dataset.add(pattern_face(2).data(), 6, Split::PublicTest, "test/neutral/b.jpg");
  dataset.add(pattern_face(3).data(), 3, Split::PrivateTest, "fer2013.csv:7");
  return dataset;
}

std::string message_of_load(const std::string& path) {
  try {
    load_packed(path);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

// Bit by bit, independently of the loader's table-driven CRC-32.
uint32_t reference_crc32(const std::string& bytes, size_t from, size_t to) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = from; i < to; ++i) {
    crc ^= static_cast<uint8_t>(bytes[i]);
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
  }
  return ~crc;
}

void put_u32(std::string& bytes, size_t offset, uint32_t value) {
  for (size_t i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

TEST(PackedFile, RoundTripPreservesPixelsLabelsSplitsAndSources) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  const FaceDataset original = three_faces();
  save_packed(original, path);
  const FaceDataset loaded = load_packed(path);
  ASSERT_EQ(loaded.size(), original.size());
  EXPECT_EQ(loaded.pixels(), original.pixels());
  EXPECT_EQ(loaded.labels(), original.labels());
  EXPECT_EQ(loaded.splits(), original.splits());
  for (size_t i = 0; i < original.size(); ++i) EXPECT_EQ(loaded.source(i), original.source(i));
}

TEST(PackedFile, EmptyDatasetRoundTrips) {
  const TempDir dir;
  const std::string path = dir.file("empty.ferpack");
  save_packed(FaceDataset{}, path);
  EXPECT_TRUE(load_packed(path).empty());
}

TEST(PackedFile, SaveLeavesNoTemporaryFileBehind) {
  const TempDir dir;
  save_packed(three_faces(), dir.file("faces.ferpack"));
  save_packed(three_faces(), dir.file("faces.ferpack"));  // replacing an existing pack
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(PackedFile, TruncatedFileIsReportedAsTruncated) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  const std::string bytes = read_bytes(path);
  write_text(path, bytes.substr(0, bytes.size() - 100));
  const std::string message = message_of_load(path);
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("truncated: expected " + std::to_string(bytes.size()) + " bytes, found " +
                         std::to_string(bytes.size() - 100)),
            std::string::npos)
      << message;
}

TEST(PackedFile, FileCutInsideHeaderIsReportedAsTruncated) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  write_text(path, read_bytes(path).substr(0, 20));
  EXPECT_NE(message_of_load(path).find("truncated"), std::string::npos) << message_of_load(path);
}

TEST(PackedFile, FlippedPixelByteIsReportedAsChecksumMismatch) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  std::string bytes = read_bytes(path);
  bytes[kHeaderBytes + 3 + 3 + 1000] ^= 0x01;
  write_text(path, bytes);
  const std::string message = message_of_load(path);
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("checksum mismatch"), std::string::npos) << message;
}

TEST(PackedFile, FlippedCountByteIsReportedAsHeaderDamageNotTruncation) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  std::string bytes = read_bytes(path);
  bytes[kCountOffset] ^= 0x40;
  write_text(path, bytes);
  EXPECT_NE(message_of_load(path).find("header checksum mismatch"), std::string::npos) << message_of_load(path);
}

TEST(PackedFile, ChecksumsAreStandardCrc32OfPayloadAndHeader) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  const std::string bytes = read_bytes(path);
  std::string expected = bytes;
  put_u32(expected, kPayloadCrcOffset, reference_crc32(bytes, kHeaderBytes, bytes.size()));
  put_u32(expected, kHeaderCrcOffset, reference_crc32(expected, 0, kHeaderCrcOffset));
  EXPECT_EQ(bytes.substr(0, kHeaderBytes), expected.substr(0, kHeaderBytes));
}

TEST(PackedFile, OtherFileIsRejectedForBadMagic) {
  const TempDir dir;
  const std::string path = dir.file("notes.ferpack");
  write_text(path, "emotion,pixels,Usage\n");
  EXPECT_NE(message_of_load(path).find("bad magic"), std::string::npos) << message_of_load(path);
}

TEST(PackedFile, UnknownVersionIsRejected) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  std::string bytes = read_bytes(path);
  bytes[kVersionOffset] = 99;
  write_text(path, bytes);
  EXPECT_NE(message_of_load(path).find("unsupported packed format version 99"), std::string::npos)
      << message_of_load(path);
}

TEST(PackedFile, LabelOutOfRangeIsRejectedEvenWithAValidChecksum) {
  const TempDir dir;
  const std::string path = dir.file("faces.ferpack");
  save_packed(three_faces(), path);
  std::string bytes = read_bytes(path);
  bytes[kHeaderBytes + 1] = 9;  // label of sample 1
  put_u32(bytes, kPayloadCrcOffset, reference_crc32(bytes, kHeaderBytes, bytes.size()));
  put_u32(bytes, kHeaderCrcOffset, reference_crc32(bytes, 0, kHeaderCrcOffset));
  write_text(path, bytes);
  EXPECT_NE(message_of_load(path).find("sample 1: label 9 out of range 0-6"), std::string::npos)
      << message_of_load(path);
}

TEST(LoadDataset, ChoosesLoaderByFolderExtensionAndMagic) {
  const TempDir dir;
  save_packed(three_faces(), dir.file("renamed.bin"));
  write_text(dir.file("faces.csv"), "emotion,pixels\n1," + test::pixels_field(pattern_face(1)) + "\n");
  EXPECT_EQ(detect_dataset_format(dir.file("renamed.bin")), DatasetFormat::Packed);
  EXPECT_EQ(detect_dataset_format(dir.file("faces.csv")), DatasetFormat::Csv);
  EXPECT_EQ(detect_dataset_format(dir.path().string()), DatasetFormat::Folders);
  LoadReport report;
  EXPECT_EQ(load_dataset(dir.file("renamed.bin"), {}, &report).size(), 3u);
  EXPECT_EQ(report.loaded, 3u);
  EXPECT_EQ(load_dataset(dir.file("faces.csv")).size(), 1u);
}

TEST(LoadDataset, MissingPathThrowsNoSuchFileNamingIt) {
  const TempDir dir;
  const std::string path = dir.file("absent.ferpack");
  try {
    load_dataset(path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()), "no such file or directory: " + path);
  }
}

TEST(LoadDataset, UnrecognisedFileThrowsNamingIt) {
  const TempDir dir;
  const std::string path = dir.file("notes.txt");
  write_text(path, "hello");
  EXPECT_THROW(load_dataset(path), DataError);
}

TEST(ClassDistribution, ListsEachSplitInCanonicalOrderWithCountsAndPercentages) {
  FaceDataset dataset;
  for (int i = 0; i < 3; ++i) dataset.add(pattern_face(i).data(), 3, Split::Train, "happy");
  dataset.add(pattern_face(9).data(), 0, Split::Train, "angry");
  const std::string text = format_class_distribution(dataset);
  EXPECT_NE(text.find("train: 4 faces"), std::string::npos) << text;
  EXPECT_EQ(text.find("test:"), std::string::npos) << text;
  EXPECT_LT(text.find("angry"), text.find("disgust")) << text;
  EXPECT_LT(text.find("surprise"), text.find("neutral")) << text;
  EXPECT_NE(text.find("75.0%"), std::string::npos) << text;
  EXPECT_NE(text.find("25.0%"), std::string::npos) << text;
}

}  // namespace
}  // namespace ferlab
