#include "models/safetensors.hpp"

#include <nlohmann/json.hpp>

#include <fstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "models/safetensors_header.hpp"

namespace ferlab {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors stores little-endian bytes; tensors are copied as-is");

torch::ScalarType torch_type(SafetensorsDtype dtype) {
  switch (dtype) {
    case SafetensorsDtype::F32: return torch::kFloat32;
    case SafetensorsDtype::F16: return torch::kFloat16;
    case SafetensorsDtype::I64: return torch::kInt64;
  }
  throw Error("safetensors: unknown dtype enumerator");
}

// The stored form of `t` (see write_safetensors) and its dtype in the file.
std::pair<torch::Tensor, SafetensorsDtype> stored_form(const torch::Tensor& t, FloatStorage storage) {
  auto cpu = t.detach().to(torch::kCPU);
  if (!cpu.is_floating_point()) return {cpu.to(torch::kInt64).contiguous(), SafetensorsDtype::I64};
  const auto dtype = storage == FloatStorage::F16 ? SafetensorsDtype::F16 : SafetensorsDtype::F32;
  return {cpu.to(torch_type(dtype)).contiguous(), dtype};
}

SafetensorsHeader open_header(std::ifstream& in, const std::string& path) {
  in.open(path, std::ios::binary);
  return read_safetensors_header(in, path);
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
    auto [form, dtype] = stored_form(tensor, storage);
    stored.push_back(form);
    const uint64_t bytes = form.numel() * form.element_size();
    header[name] = {{"dtype", safetensors_dtype_name(dtype)}, {"shape", form.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
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
  std::ifstream in;
  const SafetensorsHeader header = open_header(in, path);
  SafetensorsContents contents;
  contents.metadata = header.metadata;
  for (const auto& entry : header.tensors) {
    auto tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(torch_type(entry.dtype)));
    in.seekg(static_cast<std::streamoff>(header.data_start + entry.begin));
    if (!in.read(static_cast<char*>(tensor.data_ptr()), static_cast<std::streamsize>(entry.end - entry.begin)))
      throw ModelError(path + ": tensor '" + entry.name + "': read failed (truncated file?)");
    contents.tensors[entry.name] = tensor.is_floating_point() ? tensor.to(torch::kFloat32) : tensor;
  }
  return contents;
}

std::map<std::string, std::string> read_safetensors_metadata(const std::string& path) {
  std::ifstream in;
  return open_header(in, path).metadata;
}

void replace_safetensors_metadata(const std::string& path, const std::map<std::string, std::string>& metadata) {
  std::ifstream in;
  SafetensorsHeader parsed = open_header(in, path);
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
