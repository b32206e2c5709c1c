#include "train/checkpoint.hpp"

#include <cstring>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/crc32.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace ferlab {
namespace {

constexpr const char* kStateKey = "trainer_state";
constexpr const char* kAverageKey = "weight_average";

// A checkpoint is the torch::serialize archive followed by this 12-byte
// footer: the magic, then the CRC-32 of the archive bytes (little-endian). A
// torn, truncated or bit-flipped file fails the check before LibTorch parses it.
constexpr char kFooterMagic[8] = {'F', 'E', 'R', 'C', 'R', 'C', '3', '2'};
constexpr size_t kFooterBytes = sizeof kFooterMagic + 4;

std::string with_footer(std::string archive) {
  const uint32_t crc = crc32(archive.data(), archive.size());
  archive.append(kFooterMagic, sizeof kFooterMagic);
  for (int i = 0; i < 4; ++i) archive.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
  return archive;
}

// The archive bytes of a checkpoint file whose checksum holds.
std::string verified_archive(const std::string& path) {
  std::string bytes;
  try {
    bytes = read_text_file(path);
  } catch (const Error& e) {
    throw ModelError(e.what());
  }
  if (bytes.size() < kFooterBytes ||
      std::memcmp(bytes.data() + bytes.size() - kFooterBytes, kFooterMagic, sizeof kFooterMagic) != 0)
    throw ModelError(path + ": not a FERLab checkpoint, or truncated: no checksum footer at its end (" +
                     std::to_string(bytes.size()) + " bytes)");
  uint32_t stored = 0;
  for (int i = 0; i < 4; ++i)
    stored |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[bytes.size() - 4 + static_cast<size_t>(i)])) << (8 * i);
  bytes.resize(bytes.size() - kFooterBytes);
  if (crc32(bytes.data(), bytes.size()) != stored)
    throw ModelError(path + ": checkpoint is corrupt: its CRC-32 does not match its contents; resume from a copy or "
                            "start a new run");
  return bytes;
}

torch::serialize::InputArchive open_archive(const std::string& path, const torch::Device& device) {
  std::istringstream in(verified_archive(path));
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(in, device);
  } catch (const c10::Error& e) {
    throw ModelError(path + ": not a readable FERLab checkpoint (" + e.what_without_backtrace() + ")");
  }
  return archive;
}

nlohmann::json read_state(torch::serialize::InputArchive& archive, const std::string& path) {
  c10::IValue value;
  try {
    archive.read(kStateKey, value);
  } catch (const c10::Error&) {
    throw ModelError(path + ": checkpoint has no trainer state");
  }
  try {
    return parse_json(value.toStringRef(), path + ": checkpoint's trainer state");
  } catch (const Error& e) {
    throw ModelError(e.what());
  }
}

}  // namespace

void save_checkpoint(const std::string& path, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                     const nlohmann::json& trainer_state, const torch::nn::Module* average) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model_archive;
  net.save(model_archive);
  archive.write("model", model_archive);
  if (average) {
    torch::serialize::OutputArchive average_archive;
    average->save(average_archive);
    archive.write(kAverageKey, average_archive);
  }
  torch::serialize::OutputArchive optimizer_archive;
  optimizer.save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write(kStateKey, c10::IValue(json_text(trainer_state)));
  // Serialised in memory first: LibTorch's stream writer aborts the process when
  // a write fails (a full disk), while a failed write of plain bytes is an Error.
  std::ostringstream serialized;
  archive.save_to(serialized);
  write_text_atomically(path, with_footer(std::move(serialized).str()));
}

nlohmann::json read_checkpoint_state(const std::string& path) {
  auto archive = open_archive(path, torch::kCPU);
  return read_state(archive, path);
}

LoadedCheckpoint load_checkpoint(const std::string& path, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                                 const torch::Device& device, torch::nn::Module* average) {
  auto archive = open_archive(path, device);
  LoadedCheckpoint loaded;
  try {
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    net.load(model_archive);
    torch::serialize::InputArchive optimizer_archive;
    archive.read("optimizer", optimizer_archive);
    optimizer.load(optimizer_archive);
    torch::serialize::InputArchive average_archive;
    if (average && archive.try_read(kAverageKey, average_archive)) {
      average->load(average_archive);
      loaded.average_loaded = true;
    }
  } catch (const c10::Error& e) {
    throw ModelError(path + ": checkpoint does not fit this network or optimizer (" +
                     e.what_without_backtrace() + ")");
  }
  loaded.trainer_state = read_state(archive, path);
  return loaded;
}

}  // namespace ferlab
