#pragma once
// The safetensors format (https://github.com/huggingface/safetensors): an
// 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets}, "__metadata__": {string: string}}, then
// the raw tensor bytes. Chosen over torch::save because Python, Rust and
// torchvision-converted checkpoints read and write it without LibTorch.
#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ferlab {

enum class FloatStorage { F32, F16 };  // F16 halves the file; values load back as F32

struct SafetensorsContents {
  std::map<std::string, torch::Tensor> tensors;  // floating point as F32, integers as I64
  std::map<std::string, std::string> metadata;
};

// Floating-point tensors are stored as `storage`, integer ones as I64. Atomic.
// Throws ferlab::Error naming the path on I/O failure.
void write_safetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                       const std::map<std::string, std::string>& metadata, FloatStorage storage = FloatStorage::F32);

// Rewrites `path` with `metadata` as its __metadata__, copying the tensor bytes
// unchanged (an F16 file stays F16). Atomic. Throws ModelError naming the path.
void replace_safetensors_metadata(const std::string& path, const std::map<std::string, std::string>& metadata);

// Reads the metadata only, without the tensors.
std::map<std::string, std::string> read_safetensors_metadata(const std::string& path);

// Reads what write_safetensors writes: F32, F16 and I64 tensors. Throws
// ModelError naming the path (and the tensor) for a truncated file, bad or
// too deeply nested header JSON, a duplicate tensor name, another dtype, a
// shape that is not non-negative integers, or data_offsets that do not match
// the shape, run past the file or overlap another tensor's.
SafetensorsContents read_safetensors(const std::string& path);

}  // namespace ferlab
