#pragma once
// Which process of which data-parallel job this is, read from the variables
// that torchrun sets (WORLD_SIZE, RANK, LOCAL_RANK, MASTER_ADDR, MASTER_PORT)
// or, when WORLD_SIZE is absent but MASTER_ADDR is set, from Slurm's
// (SLURM_NTASKS, SLURM_PROCID, SLURM_LOCALID). Free of torch headers.
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

#include "core/errors.hpp"

namespace ferlab {

// A collective operation or the rendezvous failed: a rank died, hung or never came.
struct DistributedError : Error {
  using Error::Error;
};

struct WorldEnvironment {
  int world_size = 1;
  int rank = 0;
  int local_rank = 0;  // the process's index on its node: its GPU
  std::string master_addr;
  uint16_t master_port = 0;
  std::string launcher;  // "torchrun" or "slurm": which variables were read

  bool is_main() const { return rank == 0; }
};

using EnvironmentLookup = std::function<const char*(const char*)>;

// nullopt: not started as part of a job (no WORLD_SIZE, no Slurm job with
// MASTER_ADDR): train as a single process. Throws UsageError naming the
// variable that is missing or malformed.
std::optional<WorldEnvironment> world_from_environment(const EnvironmentLookup& lookup = std::getenv);

}  // namespace ferlab
