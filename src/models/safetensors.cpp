#include "models/safetensors.hpp"

#include <nlohmann/json.hpp>

#include <cstring>
#include <fstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace ferlab {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors stores little-endian bytes; tensors are copied as-is");

// A header larger than this is not a model card plus a few hundred tensor entries: the length field is garbage.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

struct DtypeInfo {
  const char* name;
  torch::ScalarType type;
};
constexpr DtypeInfo kDtypes[] = {
    {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
    {"I64", torch::kInt64},   {"I32", torch::kInt32},   {"I16", torch::kInt16},   {"I8", torch::kInt8},
    {"U8", torch::kUInt8},    {"BOOL", torch::kBool},
};

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
    header.json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw ModelError(path + ": bad safetensors header JSON: " + e.what());
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
  std::string text = header.dump();
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
  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    const std::string where = path + ": tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
      throw ModelError(where + ": header entry needs dtype, shape and data_offsets");
    std::string dtype;
    std::vector<int64_t> shape;
    std::vector<uint64_t> offsets;
    try {
      dtype = entry.at("dtype").get<std::string>();
      shape = entry.at("shape").get<std::vector<int64_t>>();
      offsets = entry.at("data_offsets").get<std::vector<uint64_t>>();
    } catch (const nlohmann::json::exception&) {
      throw ModelError(where + ": malformed header entry " + entry.dump());
    }
    const DtypeInfo* info = nullptr;
    for (const auto& d : kDtypes)
      if (dtype == d.name) info = &d;
    if (info == nullptr) throw ModelError(where + ": unknown dtype '" + dtype + "'");
    if (offsets.size() != 2 || offsets[0] > offsets[1]) throw ModelError(where + ": bad data_offsets " + entry.at("data_offsets").dump());
    if (offsets[1] > data_size)
      throw ModelError(path + ": truncated safetensors file: tensor '" + name + "' ends at data byte " +
                       std::to_string(offsets[1]) + " but the file holds " + std::to_string(data_size));
    int64_t numel = 1;
    for (const auto d : shape) {
      if (d < 0) throw ModelError(where + ": negative dimension in shape " + shape_text(shape));
      numel *= d;
    }
    auto tensor = torch::empty(shape, torch::TensorOptions().dtype(info->type));
    const uint64_t bytes = static_cast<uint64_t>(numel) * tensor.element_size();
    if (offsets[1] - offsets[0] != bytes)
      throw ModelError(where + ": shape " + shape_text(shape) + " of " + dtype + " needs " + std::to_string(bytes) +
                       " bytes but data_offsets span " + std::to_string(offsets[1] - offsets[0]));
    in.seekg(static_cast<std::streamoff>(data_start + offsets[0]));
    if (!in.read(static_cast<char*>(tensor.data_ptr()), static_cast<std::streamsize>(bytes)))
      throw ModelError(where + ": read failed (truncated file?)");
    contents.tensors[name] = tensor.is_floating_point() ? tensor.to(torch::kFloat32) : tensor.to(torch::kInt64);
  }
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
