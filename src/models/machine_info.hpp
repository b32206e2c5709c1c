#pragma once
// What a benchmark ran on, written next to every number it reports.
#include <string>

namespace ferlab {

struct MachineInfo {
  std::string cpu, blas, libtorch;
  int hardware_threads = 0, torch_threads = 0;
  double ram_gib = 0;
  std::string load_average;  // /proc/loadavg's 1/5/15-minute figures: was the machine busy?
};
MachineInfo describe_machine();
// One line: "Intel(R) Xeon(R) Processor, 2 hardware threads, LibTorch 2 threads, no GPU".
std::string machine_summary(const MachineInfo& machine);

}  // namespace ferlab
