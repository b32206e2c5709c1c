#include "models/machine_info.hpp"

#include <torch/torch.h>

#include <fstream>
#include <thread>

#include "core/cpu_threads.hpp"

namespace ferlab {

namespace {

std::string first_line_value(const std::string& file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "";
}

}  // namespace

MachineInfo describe_machine() {
  MachineInfo m;
  m.cpu = first_line_value("/proc/cpuinfo", "model name");
  if (m.cpu.empty()) m.cpu = "unknown CPU";
  const std::string mem = first_line_value("/proc/meminfo", "MemTotal");  // "24561232 kB"
  m.ram_gib = mem.empty() ? 0 : std::stod(mem) / (1024.0 * 1024.0);
  m.hardware_threads = static_cast<int>(std::thread::hardware_concurrency());
  m.torch_threads = torch::get_num_threads();
  m.blas = loaded_blas_name();
  m.libtorch = TORCH_VERSION;
  std::ifstream loadavg("/proc/loadavg");
  std::string one, five, fifteen;
  if (loadavg >> one >> five >> fifteen) m.load_average = one + " " + five + " " + fifteen;
  return m;
}

std::string machine_summary(const MachineInfo& m) {
  return m.cpu + ", " + std::to_string(m.hardware_threads) + " hardware threads, LibTorch " +
         std::to_string(m.torch_threads) + " threads, " + (torch::cuda::is_available() ? "CUDA available" : "no GPU");
}

}  // namespace ferlab
