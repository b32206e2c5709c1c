#include "train/world_environment.hpp"

#include <cstdlib>

namespace ferlab {
namespace {

class Variables {
 public:
  explicit Variables(const EnvironmentLookup& lookup) : lookup_(lookup) {}

  bool has(const char* name) const {
    const char* value = lookup_(name);
    return value && *value;
  }
  std::string text(const char* name, const std::string& why) const {
    if (!has(name)) throw UsageError("environment variable " + std::string(name) + " is not set; " + why);
    return lookup_(name);
  }
  long integer(const char* name, long min, long max, const std::string& why) const {
    const std::string value = text(name, why);
    char* end = nullptr;
    const long n = std::strtol(value.c_str(), &end, 10);
    if (end == value.c_str() || *end != '\0' || n < min || n > max)
      throw UsageError("environment variable " + std::string(name) + "='" + value + "': expected an integer in [" +
                       std::to_string(min) + ", " + std::to_string(max) + "]");
    return n;
  }

 private:
  const EnvironmentLookup& lookup_;
};

}  // namespace

std::optional<WorldEnvironment> world_from_environment(const EnvironmentLookup& lookup) {
  const Variables env(lookup);
  const bool torchrun = env.has("WORLD_SIZE");
  // Slurm sets its variables in every job step, distributed or not: only
  // MASTER_ADDR, which a job script exports on purpose, says "join a job".
  const bool slurm = !torchrun && env.has("SLURM_PROCID") && env.has("MASTER_ADDR");
  if (!torchrun && !slurm) return std::nullopt;

  const std::string why = torchrun ? "WORLD_SIZE is set, so this is a torchrun-style job, which needs it too"
                                   : "SLURM_PROCID and MASTER_ADDR are set, so this is a Slurm job step, which needs it too";
  WorldEnvironment w;
  w.launcher = torchrun ? "torchrun" : "slurm";
  w.world_size = static_cast<int>(env.integer(torchrun ? "WORLD_SIZE" : "SLURM_NTASKS", 1, 1 << 20, why));
  w.rank = static_cast<int>(env.integer(torchrun ? "RANK" : "SLURM_PROCID", 0, w.world_size - 1, why));
  const char* local = torchrun ? "LOCAL_RANK" : "SLURM_LOCALID";
  w.local_rank = env.has(local) ? static_cast<int>(env.integer(local, 0, w.world_size - 1, why)) : 0;
  w.master_addr = env.text("MASTER_ADDR", why);
  w.master_port = static_cast<uint16_t>(env.integer("MASTER_PORT", 1, 65535, why));
  return w;
}

}  // namespace ferlab
