#include "models/safetensors.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <limits>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace ferlab {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors stores little-endian bytes; tensors are copied as-is");

// A header larger than this is not a model card plus a few hundred tensor entries: the length field is garbage.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
};
// Only what write_safetensors produces: a file with other dtypes was not written
// for FERLab, and converting it silently could change what the network computes.
constexpr DtypeInfo kDtypes[] = {{"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"I64", torch::kInt64}};
constexpr const char* kDtypeList = "F32, F16 or I64";

const char* dtype_name(torch::ScalarType type) {
  for (const auto& d : kDtypes)
    if (d.type == type) return d.name;
  throw Error(std::string("safetensors: cannot store dtype ") + c10::toString(type));
}

torch::Tensor stored_form(const torch::Tensor& t, FloatStorage storage) {
  auto cpu = t.detach().to(torch::kCPU);
  if (cpu.is_floating_point()) return cpu.to(storage == FloatStorage::F16 ? torch::kFloat16 : torch::kFloat32).contiguous();
  return cpu.to(torch::kInt64).contiguous();
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s;
  for (const auto d : shape) s += (s.empty() ? "" : ",") + std::to_string(d);
  return "[" + s + "]";
}

// Integers only: nlohmann would turn 2.5 into 2 and -1 into a huge unsigned value.
std::vector<int64_t> integers(const nlohmann::json& j, const std::string& where, const char* what) {
  if (!j.is_array()) throw ModelError(where + ": " + what + " must be an array of integers, got " + json_text(j));
  std::vector<int64_t> out;
  for (const auto& v : j) {
    if (!v.is_number_integer()) throw ModelError(where + ": " + what + " must hold integers, got " + json_text(j));
    if (v.is_number_unsigned() ? v.get<uint64_t>() > uint64_t{std::numeric_limits<int64_t>::max()} : v.get<int64_t>() < 0)
      throw ModelError(where + ": " + what + " " + json_text(j) + " holds a negative or too large value");
    out.push_back(v.get<int64_t>());
  }
  return out;
}

// Bytes that `shape` of `element_size`-byte elements needs; throws rather than overflow.
uint64_t tensor_bytes(const std::vector<int64_t>& shape, uint64_t element_size, const std::string& where) {
  uint64_t bytes = element_size;
  for (const auto d : shape) {
    if (d != 0 && bytes > std::numeric_limits<uint64_t>::max() / static_cast<uint64_t>(d))
      throw ModelError(where + ": shape " + shape_text(shape) + " is too large");
    bytes *= static_cast<uint64_t>(d);
  }
  return bytes;
}

struct Extent {
  uint64_t begin, end;
  std::string name;
};

// Two tensors sharing bytes would each read the other's data.
void refuse_overlaps(std::vector<Extent> extents, const std::string& path) {
  std::sort(extents.begin(), extents.end(), [](const Extent& a, const Extent& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < extents.size(); ++i) {
    const Extent& a = extents[i - 1];
    const Extent& b = extents[i];
    if (b.begin < a.end && b.end > b.begin)
      throw ModelError(path + ": tensors '" + a.name + "' and '" + b.name + "' have overlapping data_offsets");
  }
}

// The parsed JSON header and where the tensor bytes start, leaving `in` at that offset.
struct Header {
  nlohmann::json json;
  uint64_t file_size = 0;
  uint64_t data_start = 0;
};

Header read_header(std::ifstream& in, const std::string& path) {
  if (!in) throw ModelError(path + ": cannot open weights file");
  in.seekg(0, std::ios::end);
  const auto file_size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  uint64_t header_size = 0;
  if (file_size < sizeof header_size || !in.read(reinterpret_cast<char*>(&header_size), sizeof header_size))
    throw ModelError(path + ": truncated safetensors file (" + std::to_string(file_size) + " bytes, no header length)");
  if (header_size > kMaxHeaderBytes || header_size > file_size - sizeof header_size)
    throw ModelError(path + ": truncated or corrupt safetensors file: header length " + std::to_string(header_size) +
                     " exceeds the " + std::to_string(file_size) + "-byte file");
  std::string text(header_size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(header_size));
  Header header;
  try {
    header.json = parse_json(text, path + ": safetensors header");
  } catch (const Error& e) {
    throw ModelError(e.what());
  }
  if (!header.json.is_object()) throw ModelError(path + ": bad safetensors header: not a JSON object");
  header.file_size = file_size;
  header.data_start = sizeof header_size + header_size;
  return header;
}

std::map<std::string, std::string> header_metadata(const nlohmann::json& header, const std::string& path) {
  std::map<std::string, std::string> metadata;
  const auto it = header.find("__metadata__");
  if (it == header.end()) return metadata;
  if (!it->is_object()) throw ModelError(path + ": bad safetensors header: __metadata__ is not an object");
  for (const auto& [key, value] : it->items()) {
    if (!value.is_string()) throw ModelError(path + ": bad safetensors header: metadata '" + key + "' is not a string");
    metadata[key] = value.get<std::string>();
  }
  return metadata;
}

// Padded with spaces to a multiple of 8: readers that mmap the file expect the data to start 8-byte aligned.
std::string padded_header_text(const nlohmann::json& header) {
  std::string text = json_text(header);
  text.append((8 - text.size() % 8) % 8, ' ');
  return text;
}

}  // namespace

void write_safetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata, FloatStorage storage) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<torch::Tensor> stored;
  uint64_t offset = 0;
  for (const auto& [name, tensor] : tensors) {
    if (name == "__metadata__" || header.contains(name)) throw Error(path + ": duplicate or reserved tensor name '" + name + "'");
    stored.push_back(stored_form(tensor, storage));
    const auto& s = stored.back();
    const uint64_t bytes = s.numel() * s.element_size();
    header[name] = {{"dtype", dtype_name(s.scalar_type())}, {"shape", s.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  const std::string text = padded_header_text(header);
  write_file_atomically(path, [&](std::ostream& out) {
    const uint64_t length = text.size();
    out.write(reinterpret_cast<const char*>(&length), sizeof length);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const auto& s : stored) out.write(static_cast<const char*>(s.data_ptr()), static_cast<std::streamsize>(s.numel() * s.element_size()));
  });
}

SafetensorsContents read_safetensors(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const Header parsed = read_header(in, path);
  const nlohmann::json& header = parsed.json;
  const uint64_t data_size = parsed.file_size - parsed.data_start;
  const uint64_t data_start = parsed.data_start;
  SafetensorsContents contents;
  contents.metadata = header_metadata(header, path);
  std::vector<Extent> extents;
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    const std::string where = path + ": tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      throw ModelError(where + ": header entry needs dtype, shape and data_offsets");
    if (!entry.at("dtype").is_string()) throw ModelError(where + ": malformed header entry " + json_text(entry));
    const std::string dtype = entry.at("dtype").get<std::string>();
    const std::vector<int64_t> shape = integers(entry.at("shape"), where, "shape");
    const std::vector<int64_t> offsets = integers(entry.at("data_offsets"), where, "data_offsets");
    const DtypeInfo* info = nullptr;
    for (const auto& d : kDtypes)
      if (dtype == d.name) info = &d;
    if (info == nullptr) throw ModelError(where + ": unknown dtype '" + dtype + "' (FERLab reads " + kDtypeList + ")");
    if (offsets.size() != 2 || offsets[0] > offsets[1])
      throw ModelError(where + ": bad data_offsets " + json_text(entry.at("data_offsets")));
    const uint64_t begin = static_cast<uint64_t>(offsets[0]), end = static_cast<uint64_t>(offsets[1]);
    if (end > data_size)
      throw ModelError(path + ": truncated safetensors file: tensor '" + name + "' ends at data byte " +
                       std::to_string(end) + " but the file holds " + std::to_string(data_size));
    // Checked before allocating: a forged shape must not ask for terabytes.
    const uint64_t bytes = tensor_bytes(shape, c10::elementSize(info->type), where);
    if (end - begin != bytes)
      throw ModelError(where + ": shape " + shape_text(shape) + " of " + dtype + " needs " + std::to_string(bytes) +
                       " bytes but data_offsets span " + std::to_string(end - begin));
    extents.push_back({begin, end, name});
    auto tensor = torch::empty(shape, torch::TensorOptions().dtype(info->type));
    in.seekg(static_cast<std::streamoff>(data_start + begin));
    if (!in.read(static_cast<char*>(tensor.data_ptr()), static_cast<std::streamsize>(bytes)))
      throw ModelError(where + ": read failed (truncated file?)");
    contents.tensors[name] = tensor.is_floating_point() ? tensor.to(torch::kFloat32) : tensor;
  }
  refuse_overlaps(std::move(extents), path);
  return contents;
}

std::map<std::string, std::string> read_safetensors_metadata(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return header_metadata(read_header(in, path).json, path);
}

void replace_safetensors_metadata(const std::string& path, const std::map<std::string, std::string>& metadata) {
  std::ifstream in(path, std::ios::binary);
  Header parsed = read_header(in, path);
  std::string data(parsed.file_size - parsed.data_start, '\0');
  if (!in.read(data.data(), static_cast<std::streamsize>(data.size())))
    throw ModelError(path + ": read failed (truncated file?)");
  in.close();
  parsed.json.erase("__metadata__");
  if (!metadata.empty()) parsed.json["__metadata__"] = metadata;
  // data_offsets are relative to the end of the header, so a header of a new length leaves them valid.
  const std::string text = padded_header_text(parsed.json);
  write_file_atomically(path, [&](std::ostream& out) {
    const uint64_t length = text.size();
    out.write(reinterpret_cast<const char*>(&length), sizeof length);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
  });
}

}  // namespace ferlab
