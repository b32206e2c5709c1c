#include "models/safetensors_header.hpp"

#include <algorithm>
#include <limits>

#include "core/errors.hpp"
#include "core/json_text.hpp"

namespace ferlab {
namespace {

// A header larger than this is not a model card plus a few hundred tensor entries: the length field is garbage.
constexpr uint64_t kMaxHeaderBytes = 100ull << 20;

struct DtypeInfo {
  SafetensorsDtype dtype;
  const char* name;
  uint64_t element_size;
};
constexpr DtypeInfo kDtypes[] = {{SafetensorsDtype::F32, "F32", 4}, {SafetensorsDtype::F16, "F16", 2}, {SafetensorsDtype::I64, "I64", 8}};
constexpr const char* kDtypeList = "F32, F16 or I64";

const DtypeInfo& info(SafetensorsDtype dtype) {
  for (const auto& d : kDtypes)
    if (d.dtype == dtype) return d;
  throw Error("safetensors: unknown dtype enumerator");
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

// Two tensors sharing bytes would each read the other's data.
void refuse_overlaps(std::vector<SafetensorsEntry> entries, const std::string& path) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
  for (size_t i = 1; i < entries.size(); ++i) {
    const auto& a = entries[i - 1];
    const auto& b = entries[i];
    if (b.begin < a.end && b.end > b.begin)
      throw ModelError(path + ": tensors '" + a.name + "' and '" + b.name + "' have overlapping data_offsets");
  }
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

SafetensorsEntry checked_entry(const std::string& name, const nlohmann::json& entry, uint64_t data_size, const std::string& path) {
  const std::string where = path + ": tensor '" + name + "'";
  if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
    throw ModelError(where + ": header entry needs dtype, shape and data_offsets");
  if (!entry.at("dtype").is_string()) throw ModelError(where + ": malformed header entry " + json_text(entry));
  const std::string dtype = entry.at("dtype").get<std::string>();
  const auto known = std::find_if(std::begin(kDtypes), std::end(kDtypes), [&](const DtypeInfo& d) { return dtype == d.name; });
  if (known == std::end(kDtypes)) throw ModelError(where + ": unknown dtype '" + dtype + "' (FERLab reads " + kDtypeList + ")");
  SafetensorsEntry out;
  out.name = name;
  out.dtype = known->dtype;
  out.shape = integers(entry.at("shape"), where, "shape");
  const std::vector<int64_t> offsets = integers(entry.at("data_offsets"), where, "data_offsets");
  if (offsets.size() != 2 || offsets[0] > offsets[1])
    throw ModelError(where + ": bad data_offsets " + json_text(entry.at("data_offsets")));
  out.begin = static_cast<uint64_t>(offsets[0]);
  out.end = static_cast<uint64_t>(offsets[1]);
  if (out.end > data_size)
    throw ModelError(path + ": truncated safetensors file: tensor '" + name + "' ends at data byte " +
                     std::to_string(out.end) + " but the file holds " + std::to_string(data_size));
  // Checked before anything is allocated: a forged shape must not ask for terabytes.
  const uint64_t bytes = tensor_bytes(out.shape, known->element_size, where);
  if (out.end - out.begin != bytes)
    throw ModelError(where + ": shape " + shape_text(out.shape) + " of " + dtype + " needs " + std::to_string(bytes) +
                     " bytes but data_offsets span " + std::to_string(out.end - out.begin));
  return out;
}

}  // namespace

const char* safetensors_dtype_name(SafetensorsDtype dtype) { return info(dtype).name; }
uint64_t safetensors_element_size(SafetensorsDtype dtype) { return info(dtype).element_size; }

SafetensorsHeader read_safetensors_header(std::istream& in, const std::string& path) {
  if (!in) throw ModelError(path + ": cannot open weights file");
  in.seekg(0, std::ios::end);
  const auto end_position = in.tellg();
  if (end_position < 0) throw ModelError(path + ": cannot read weights file");
  const auto file_size = static_cast<uint64_t>(end_position);
  in.seekg(0);
  uint64_t header_size = 0;
  if (file_size < sizeof header_size || !in.read(reinterpret_cast<char*>(&header_size), sizeof header_size))
    throw ModelError(path + ": truncated safetensors file (" + std::to_string(file_size) + " bytes, no header length)");
  if (header_size > kMaxHeaderBytes || header_size > file_size - sizeof header_size)
    throw ModelError(path + ": truncated or corrupt safetensors file: header length " + std::to_string(header_size) +
                     " exceeds the " + std::to_string(file_size) + "-byte file");
  std::string text(header_size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(header_size))) throw ModelError(path + ": read failed in the header");
  SafetensorsHeader header;
  try {
    header.json = parse_json(text, path + ": safetensors header");
  } catch (const Error& e) {
    throw ModelError(e.what());
  }
  if (!header.json.is_object()) throw ModelError(path + ": bad safetensors header: not a JSON object");
  header.file_size = file_size;
  header.data_start = sizeof header_size + header_size;
  header.metadata = header_metadata(header.json, path);
  for (const auto& [name, entry] : header.json.items())
    if (name != "__metadata__") header.tensors.push_back(checked_entry(name, entry, file_size - header.data_start, path));
  refuse_overlaps(header.tensors, path);
  return header;
}

}  // namespace ferlab
