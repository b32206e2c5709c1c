#include "train/checkpoint.hpp"

#include "core/atomic_file.hpp"
#include "core/errors.hpp"

namespace ferlab {
namespace {

constexpr const char* kStateKey = "trainer_state";

torch::serialize::InputArchive open_archive(const std::string& path, const torch::Device& device) {
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(path, device);
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
  const auto state = nlohmann::json::parse(value.toStringRef(), nullptr, /*allow_exceptions=*/false);
  if (state.is_discarded()) throw ModelError(path + ": checkpoint's trainer state is not valid JSON");
  return state;
}

}  // namespace

void save_checkpoint(const std::string& path, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                     const nlohmann::json& trainer_state) {
  torch::serialize::OutputArchive archive;
  torch::serialize::OutputArchive model_archive;
  net.save(model_archive);
  archive.write("model", model_archive);
  torch::serialize::OutputArchive optimizer_archive;
  optimizer.save(optimizer_archive);
  archive.write("optimizer", optimizer_archive);
  archive.write(kStateKey, c10::IValue(trainer_state.dump()));
  write_file_atomically(path, [&](std::ostream& out) { archive.save_to(out); });
}

nlohmann::json read_checkpoint_state(const std::string& path) {
  auto archive = open_archive(path, torch::kCPU);
  return read_state(archive, path);
}

nlohmann::json load_checkpoint(const std::string& path, torch::nn::Module& net, torch::optim::Optimizer& optimizer,
                               const torch::Device& device) {
  auto archive = open_archive(path, device);
  try {
    torch::serialize::InputArchive model_archive;
    archive.read("model", model_archive);
    net.load(model_archive);
    torch::serialize::InputArchive optimizer_archive;
    archive.read("optimizer", optimizer_archive);
    optimizer.load(optimizer_archive);
  } catch (const c10::Error& e) {
    throw ModelError(path + ": checkpoint does not fit this network or optimizer (" +
                     e.what_without_backtrace() + ")");
  }
  return read_state(archive, path);
}

}  // namespace ferlab
