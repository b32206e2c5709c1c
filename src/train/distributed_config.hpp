#pragma once
// The options of a data-parallel `ferlab train` (docs/DISTRIBUTED.md). Free of
// torch headers: TrainConfig holds one. Whether a run is distributed at all is
// decided by the environment torchrun or Slurm set (world_environment.hpp).
#include <string>

namespace ferlab {

struct DistributedConfig {
  std::string backend;  // "gloo" or "nccl"; empty: nccl with --device cuda, gloo on the CPU
  // Rendezvous, and any one collective operation, may take this long before the
  // whole job ends with an error naming the rank that is missing.
  int timeout_seconds = 300;
  bool check_sync = false;  // at the end, compare every rank's parameter checksum with rank 0's
};

}  // namespace ferlab
