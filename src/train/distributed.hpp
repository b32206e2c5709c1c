#pragma once
// Data-parallel training on PyTorch's c10d: the ranks of a torchrun or Slurm
// job meet through a c10d::TCPStore, and a Gloo (CPU) or NCCL (CUDA) process
// group averages their gradients after every backward pass, so that every
// rank takes the same optimiser step and keeps the same weights. A
// default-constructed world is a single process, in which every collective is
// a no-op: the trainer calls the same hooks either way. The c10d types stay
// in distributed.cpp (behind Group), out of the trainer's includes.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "train/distributed_config.hpp"
#include "train/world_environment.hpp"

namespace ferlab {

class DataParallelWorld {
 public:
  DataParallelWorld();  // one process, no group
  // Rendezvous and process group setup. Throws DistributedError naming the
  // ranks that did not come within config.timeout_seconds, UsageError for a
  // backend this build or device cannot use.
  static DataParallelWorld join(const WorldEnvironment& env, const DistributedConfig& config,
                                const torch::Device& device);
  ~DataParallelWorld();
  DataParallelWorld(DataParallelWorld&&) noexcept;
  DataParallelWorld& operator=(DataParallelWorld&&) noexcept;

  int rank() const;
  int size() const;
  bool is_main() const { return rank() == 0; }
  std::string backend() const;  // "none" for one process
  // The device of this rank: cuda:LOCAL_RANK when `device` is CUDA.
  torch::Device local_device(const torch::Device& device) const;

  // Every collective below throws DistributedError naming the rank that
  // failed (dead, or silent for longer than the timeout) and what was under way.

  // Parameters and buffers (BatchNorm statistics) of rank 0, on every rank.
  void broadcast_state(torch::nn::Module& net, const std::string& when);
  // Sum across ranks, divided by the world size, in buckets of flattened gradients.
  void average_gradients(const std::vector<torch::Tensor>& parameters);
  // BatchNorm normalises with each rank's own batch (see docs/DISTRIBUTED.md);
  // its running statistics are averaged before validation and checkpoints, so
  // that every rank validates and saves the same network.
  void average_buffers(torch::nn::Module& net);
  std::vector<double> sum(std::vector<double> values, const std::string& what);
  bool broadcast_flag(bool value, const std::string& what);  // rank 0's
  // Rank 0's file, readable on every rank (no shared file system needed):
  // rank 0 reads its own, the others a local copy of its bytes.
  class SharedFile;
  SharedFile share_file(const std::string& path_on_rank0, const std::string& what);
  // "ranks agree: ..." when every rank's parameters and buffers have rank 0's
  // checksum; throws DistributedError naming the ranks that differ.
  std::string check_sync(torch::nn::Module& net);

 private:
  struct Group;
  explicit DataParallelWorld(std::unique_ptr<Group> group);
  std::unique_ptr<Group> group_;
};

class DataParallelWorld::SharedFile {
 public:
  SharedFile(std::string path, bool temporary) : path_(std::move(path)), temporary_(temporary) {}
  ~SharedFile();
  SharedFile(const SharedFile&) = delete;
  SharedFile& operator=(const SharedFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool temporary_;  // a received copy, deleted with this object
};

// The world that torchrun's or Slurm's variables describe (world_environment.hpp),
// joined; a single process when there are none.
DataParallelWorld join_world_from_environment(const DistributedConfig& config, const torch::Device& device);

}  // namespace ferlab
