#include "train/distributed.hpp"

#include <torch/version.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#if TORCH_VERSION_MAJOR >= 2
#include <torch/csrc/distributed/c10d/Backend.hpp>
#else
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#endif
#ifdef USE_C10D_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if FERLAB_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <unistd.h>

#include "core/atomic_file.hpp"
#include "core/crc32.hpp"
#include "core/errors.hpp"

namespace ferlab {
namespace {
// What runs the collectives: LibTorch 1.x's Gloo and NCCL process groups are
// c10d::ProcessGroups; from 2.0 on they are c10d::Backends (a ProcessGroup
// dispatches to them). Both have the allreduce and broadcast used here, so the
// trainer builds against Debian's 1.13 and a GPU machine's PyTorch 2.
#if TORCH_VERSION_MAJOR >= 2
using CollectiveGroup = c10d::Backend;
#else
using CollectiveGroup = c10d::ProcessGroup;
#endif

using std::chrono::milliseconds;
using std::chrono::seconds;

// DDP's default bucket: large enough that per-call latency is amortised, small
// enough that the concatenated copy stays cheap.
constexpr size_t kBucketBytes = 25u << 20;
constexpr auto kHeartbeatInterval = seconds(1);
// A rank whose heartbeat has not moved for this long is reported as gone.
constexpr auto kSilenceThreshold = seconds(4);

std::string heartbeat_key(int rank) { return "ferlab/heartbeat/" + std::to_string(rank); }
std::string joined_key(int rank) { return "ferlab/joined/" + std::to_string(rank); }

std::string where(const WorldEnvironment& env) { return env.master_addr + ":" + std::to_string(env.master_port); }

std::string rank_list(const std::vector<int>& ranks) {
  std::string text = ranks.size() == 1 ? "rank " : "ranks ";
  for (size_t i = 0; i < ranks.size(); ++i) text += (i ? ", " : "") + std::to_string(ranks[i]);
  return text;
}

// Each rank bumps a counter in the store every second from its own thread and
// connection, so that a rank that finds a collective broken can tell which
// peer stopped (killed, crashed) rather than only that one did.
class Heartbeat {
 public:
  Heartbeat(c10::intrusive_ptr<c10d::Store> store, int rank)
      : store_(std::move(store)), rank_(rank), thread_([this] { beat(); }) {}
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

 private:
  void beat() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      try {
        store_->add(heartbeat_key(rank_), 1);
      } catch (const std::exception&) {
        return;  // the store's host is gone: the collectives report it
      }
      changed_.wait_for(lock, kHeartbeatInterval, [&] { return stopping_; });
    }
  }

  c10::intrusive_ptr<c10d::Store> store_;
  const int rank_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::thread thread_;
};

// torchrun's static rendezvous: its agent already hosts the store at MASTER_PORT.
bool agent_hosts_store() {
  const char* agent = std::getenv("TORCHELASTIC_USE_AGENT_STORE");
  return agent && std::string(agent) == "True";
}

c10::intrusive_ptr<c10d::Store> connect_store(const WorldEnvironment& env, milliseconds timeout, bool server) {
  c10d::TCPStoreOptions options;
  options.port = env.master_port;
  options.isServer = server;
  options.numWorkers = static_cast<size_t>(env.world_size);
  options.waitWorkers = false;  // our own join below names the ranks that are missing
  options.timeout = timeout;
  c10::intrusive_ptr<c10d::Store> store = c10::make_intrusive<c10d::TCPStore>(env.master_addr, options);
  // Every restart of torchrun's workers gets its own key space in the agent's
  // store, as torch.distributed arranges it.
  if (agent_hosts_store()) {
    const char* attempt = std::getenv("TORCHELASTIC_RESTART_COUNT");
    store = c10::make_intrusive<c10d::PrefixStore>("/worker/attempt_" + std::string(attempt ? attempt : "0"), store);
  }
  return store;
}

std::vector<uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace

struct DataParallelWorld::Group {
  WorldEnvironment env;
  std::string backend;
  milliseconds timeout{0};
  c10::intrusive_ptr<c10d::Store> store;
  c10::intrusive_ptr<CollectiveGroup> group;
  std::unique_ptr<Heartbeat> heartbeat;
  bool failed = false;

  std::string me() const { return "rank " + std::to_string(env.rank) + " of " + std::to_string(env.world_size); }

  // Which peers stopped beating. Reading the store throws when rank 0, its
  // host (or torchrun's agent), is gone.
  std::string who_is_gone() {
    try {
      std::vector<int64_t> before;
      for (int r = 0; r < env.world_size; ++r) before.push_back(store->add(heartbeat_key(r), 0));
      std::this_thread::sleep_for(kSilenceThreshold);
      std::vector<int> silent;
      for (int r = 0; r < env.world_size; ++r)
        if (r != env.rank && store->add(heartbeat_key(r), 0) == before[static_cast<size_t>(r)]) silent.push_back(r);
      if (silent.empty()) return "every rank is still alive, so one is stuck or took longer than --dist-timeout";
      return rank_list(silent) + " stopped (no heartbeat for " +
             std::to_string(std::chrono::duration_cast<seconds>(kSilenceThreshold).count()) + " s: killed or crashed)";
    } catch (const std::exception&) {
      return std::string(agent_hosts_store() ? "torchrun's agent on the master node" : "rank 0") +
             ", which hosts the rendezvous store at " + where(env) + ", is gone";
    }
  }

  [[noreturn]] void fail(const std::string& what, const std::string& cause) {
    failed = true;
    throw DistributedError(me() + ": " + what + " failed: " + who_is_gone() + " [" + cause + "]");
  }

  // Starts the operation, waits for it (the group's timeout bounds the wait),
  // turns any failure into one error that names the missing rank.
  void run(const std::string& what, const std::function<c10::intrusive_ptr<c10d::Work>()>& start) {
    try {
      start()->wait();
    } catch (const std::exception& e) {
      fail(what, e.what());
    }
  }

  // The collective `op` over `tensors` in buckets of one dtype each:
  // flattened, so that a network of 40 small tensors costs a few calls.
  void flattened(const std::vector<torch::Tensor>& tensors, const std::string& what,
                 const std::function<c10::intrusive_ptr<c10d::Work>(std::vector<torch::Tensor>&)>& op,
                 const std::function<void(torch::Tensor&)>& after = {}) {
    torch::NoGradGuard no_grad;
    std::map<torch::ScalarType, std::vector<torch::Tensor>> by_type;
    for (const auto& t : tensors) by_type[t.scalar_type()].push_back(t);
    for (auto& [type, group_of_type] : by_type) {
      for (size_t begin = 0; begin < group_of_type.size();) {
        size_t end = begin, bytes = 0;
        std::vector<torch::Tensor> views;
        while (end < group_of_type.size() && (views.empty() || bytes < kBucketBytes)) {
          bytes += group_of_type[end].numel() * group_of_type[end].element_size();
          views.push_back(group_of_type[end++].reshape({-1}));
        }
        std::vector<torch::Tensor> flat{torch::cat(views)};
        run(what, [&] { return op(flat); });
        if (after) after(flat[0]);
        int64_t offset = 0;
        for (size_t i = begin; i < end; ++i) {
          const int64_t n = group_of_type[i].numel();
          group_of_type[i].copy_(flat[0].narrow(0, offset, n).view_as(group_of_type[i]));
          offset += n;
        }
        begin = end;
      }
    }
  }

  c10::intrusive_ptr<c10d::Work> all_reduce(std::vector<torch::Tensor>& t) { return group->allreduce(t); }
  c10::intrusive_ptr<c10d::Work> broadcast(std::vector<torch::Tensor>& t) { return group->broadcast(t); }
};

namespace {

// Every rank announces itself and waits for the others, so that a rendezvous
// that never completes ends with the ranks that never came, not a hang.
void wait_for_everyone(c10d::Store& store, const WorldEnvironment& env, milliseconds timeout, const std::string& me) {
  store.set(joined_key(env.rank), bytes_of("1"));
  std::vector<std::string> keys;
  for (int r = 0; r < env.world_size; ++r) keys.push_back(joined_key(r));
  try {
    store.wait(keys, timeout);
  } catch (const std::exception&) {
    std::vector<int> missing;
    for (int r = 0; r < env.world_size; ++r)
      if (!store.check({joined_key(r)})) missing.push_back(r);
    throw DistributedError(me + ": rendezvous at " + where(env) + " incomplete after " +
                           std::to_string(timeout.count() / 1000) + " s (--dist-timeout): " + rank_list(missing) +
                           " never joined");
  }
}

c10::intrusive_ptr<CollectiveGroup> make_group(const std::string& backend, const c10::intrusive_ptr<c10d::Store>& store,
                                               const WorldEnvironment& env, milliseconds timeout) {
  if (backend == "gloo") {
#ifndef USE_C10D_GLOO
    throw UsageError("--dist-backend gloo: this build found no Gloo headers (Debian: libgloo-dev), so it cannot "
                     "train data-parallel on the CPU; install them and rebuild");
#else
    auto options = c10d::ProcessGroupGloo::Options::create(timeout);
    // GLOO_SOCKET_IFNAME picks the network interface, as in torch.distributed.
    const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
    options->devices.push_back(interface && *interface ? c10d::ProcessGroupGloo::createDeviceForInterface(interface)
                                                       : c10d::ProcessGroupGloo::createDefaultDevice());
    return c10::make_intrusive<c10d::ProcessGroupGloo>(store, env.rank, env.world_size, options);
#endif
  }
#if FERLAB_WITH_NCCL
  auto options = c10d::ProcessGroupNCCL::Options::create();
  options->timeout = timeout;
  return c10::make_intrusive<c10d::ProcessGroupNCCL>(store, env.rank, env.world_size, options);
#else
  throw UsageError("--dist-backend nccl: this build has no NCCL (Debian's LibTorch is CPU-only); build against a "
                   "CUDA LibTorch with -DFERLAB_WITH_NCCL=ON, or use --dist-backend gloo");
#endif
}

std::string chosen_backend(const DistributedConfig& config, const torch::Device& device) {
  const std::string backend = config.backend.empty() ? (device.is_cuda() ? "nccl" : "gloo") : config.backend;
  if (backend != "gloo" && backend != "nccl")
    throw UsageError("unknown --dist-backend '" + backend + "' (expected gloo or nccl)");
  if (backend == "nccl" && !device.is_cuda())
    throw UsageError("--dist-backend nccl needs --device cuda (NCCL reduces GPU tensors only); use gloo on the CPU");
  return backend;
}

}  // namespace

DataParallelWorld::DataParallelWorld() = default;
DataParallelWorld::DataParallelWorld(std::unique_ptr<Group> group) : group_(std::move(group)) {}
DataParallelWorld::DataParallelWorld(DataParallelWorld&&) noexcept = default;
DataParallelWorld& DataParallelWorld::operator=(DataParallelWorld&&) noexcept = default;

DataParallelWorld::~DataParallelWorld() {
  if (group_ && group_->failed) {
    // After a failed collective the group's worker threads may still wait on a
    // dead peer until the timeout, and its destructor would wait with them:
    // leave it to the process's exit, which follows at once.
    group_->group.release();
    group_->heartbeat.release();
  }
}

DataParallelWorld DataParallelWorld::join(const WorldEnvironment& env, const DistributedConfig& config,
                                          const torch::Device& device) {
  if (config.timeout_seconds < 1)
    throw UsageError("--dist-timeout must be at least 1 second, got " + std::to_string(config.timeout_seconds));
  // Gloo writes to its sockets with writev(), which raises SIGPIPE when a peer
  // has died; that would kill this rank silently instead of letting it report
  // the peer. Python ignores SIGPIPE in every PyTorch job for the same reason.
  std::signal(SIGPIPE, SIG_IGN);
  auto g = std::make_unique<Group>();
  g->env = env;
  g->backend = chosen_backend(config, device);
  g->timeout = seconds(config.timeout_seconds);
  const std::string me = g->me();
  const bool server = env.is_main() && !agent_hosts_store();
  try {
    g->store = connect_store(env, g->timeout, server);
  } catch (const std::exception& e) {
    throw DistributedError(me + ": " +
                           (server ? "cannot open the rendezvous store on port " + std::to_string(env.master_port)
                                   : "cannot reach the rendezvous store of rank 0 at " + where(env) + " within " +
                                         std::to_string(config.timeout_seconds) + " s (--dist-timeout)") +
                           ": " + e.what());
  }
  wait_for_everyone(*g->store, env, g->timeout, me);
  try {
    g->group = make_group(g->backend, g->store, env, g->timeout);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw DistributedError(me + ": setting up the " + g->backend + " process group failed: " + e.what());
  }
  g->heartbeat = std::make_unique<Heartbeat>(connect_store(env, g->timeout, false), env.rank);
  return DataParallelWorld(std::move(g));
}

int DataParallelWorld::rank() const { return group_ ? group_->env.rank : 0; }
int DataParallelWorld::size() const { return group_ ? group_->env.world_size : 1; }
std::string DataParallelWorld::backend() const { return group_ ? group_->backend : "none"; }

torch::Device DataParallelWorld::local_device(const torch::Device& device) const {
  if (!group_ || !device.is_cuda()) return device;
  return torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(group_->env.local_rank));
}

void DataParallelWorld::broadcast_state(torch::nn::Module& net, const std::string& when) {
  if (!group_) return;
  std::vector<torch::Tensor> state;
  for (const auto& p : net.parameters()) state.push_back(p.detach());
  for (const auto& b : net.buffers()) state.push_back(b.detach());
  group_->flattened(state, "broadcast of rank 0's weights " + when,
                    [&](std::vector<torch::Tensor>& t) { return group_->broadcast(t); });
}

void DataParallelWorld::average_gradients(const std::vector<torch::Tensor>& parameters) {
  if (!group_) return;
  std::vector<torch::Tensor> grads;
  for (const auto& p : parameters) {
    // A parameter that took no part in this step still joins the all-reduce:
    // every rank must hand over the same tensors in the same order.
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    grads.push_back(p.grad());
  }
  const double world = static_cast<double>(size());
  group_->flattened(grads, "all-reduce of the gradients",
                    [&](std::vector<torch::Tensor>& t) { return group_->all_reduce(t); },
                    [&](torch::Tensor& flat) { flat.div_(world); });
}

void DataParallelWorld::average_buffers(torch::nn::Module& net) {
  if (!group_) return;
  std::vector<torch::Tensor> floating;
  // num_batches_tracked (int64) is the same on every rank: all take the same number of steps.
  for (const auto& b : net.buffers())
    if (b.is_floating_point()) floating.push_back(b.detach());
  if (floating.empty()) return;
  const double world = static_cast<double>(size());
  group_->flattened(floating, "averaging of the BatchNorm statistics",
                    [&](std::vector<torch::Tensor>& t) { return group_->all_reduce(t); },
                    [&](torch::Tensor& flat) { flat.div_(world); });
}

std::vector<double> DataParallelWorld::sum(std::vector<double> values, const std::string& what) {
  if (!group_ || values.empty()) return values;
  torch::Tensor t = torch::tensor(values, torch::kFloat64);
  std::vector<torch::Tensor> tensors{t};
  group_->run(what, [&] { return group_->all_reduce(tensors); });
  std::memcpy(values.data(), t.data_ptr<double>(), values.size() * sizeof(double));
  return values;
}

bool DataParallelWorld::broadcast_flag(bool value, const std::string& what) {
  if (!group_) return value;
  std::vector<torch::Tensor> t{torch::full({1}, value ? 1 : 0, torch::kInt64)};
  group_->run(what, [&] { return group_->broadcast(t); });
  return t[0].item<int64_t>() != 0;
}

DataParallelWorld::SharedFile::~SharedFile() {
  if (temporary_) std::filesystem::remove(path_);
}

DataParallelWorld::SharedFile DataParallelWorld::share_file(const std::string& path_on_rank0, const std::string& what) {
  if (!group_) return SharedFile(path_on_rank0, false);
  std::string bytes = is_main() ? read_text_file(path_on_rank0) : std::string();
  std::vector<torch::Tensor> size{torch::full({1}, static_cast<int64_t>(bytes.size()), torch::kInt64)};
  group_->run(what, [&] { return group_->broadcast(size); });
  const int64_t n = size[0].item<int64_t>();
  std::vector<torch::Tensor> data{is_main() ? torch::from_blob(bytes.data(), {n}, torch::kUInt8)
                                            : torch::empty({n}, torch::kUInt8)};
  group_->run(what, [&] { return group_->broadcast(data); });
  if (is_main()) return SharedFile(path_on_rank0, false);
  const std::string copy = (std::filesystem::temp_directory_path() /
                            ("ferlab-rank" + std::to_string(rank()) + "-" + std::to_string(::getpid()) + "-" +
                             std::filesystem::path(path_on_rank0).filename().string()))
                               .string();
  write_text_atomically(copy, std::string(reinterpret_cast<const char*>(data[0].data_ptr<uint8_t>()),
                                          static_cast<size_t>(n)));
  return SharedFile(copy, true);
}

DataParallelWorld join_world_from_environment(const DistributedConfig& config, const torch::Device& device) {
  const auto env = world_from_environment();
  if (!env) return DataParallelWorld();
  return DataParallelWorld::join(*env, config, device);
}

std::string DataParallelWorld::check_sync(torch::nn::Module& net) {
  Crc32 crc;
  auto add = [&](const torch::Tensor& t) {
    const torch::Tensor cpu = t.detach().to(torch::kCPU).contiguous();
    crc.update(cpu.data_ptr(), cpu.numel() * cpu.element_size());
  };
  for (const auto& p : net.parameters()) add(p);
  for (const auto& b : net.buffers()) add(b);
  char hex[16];
  std::snprintf(hex, sizeof hex, "%08x", crc.value());
  if (!group_) return std::string("ranks agree: 1 rank, parameter checksum ") + hex;

  std::vector<torch::Tensor> rank0{torch::full({1}, static_cast<int64_t>(crc.value()), torch::kInt64)};
  group_->run("--check-sync", [&] { return group_->broadcast(rank0); });
  std::vector<torch::Tensor> differs{torch::zeros({size()}, torch::kInt64)};
  if (rank0[0].item<int64_t>() != static_cast<int64_t>(crc.value())) differs[0][rank()] = 1;
  group_->run("--check-sync", [&] { return group_->all_reduce(differs); });
  std::vector<int> bad;
  for (int r = 0; r < size(); ++r)
    if (differs[0][r].item<int64_t>() != 0) bad.push_back(r);
  if (!bad.empty())
    throw DistributedError("--check-sync: the parameters of " + rank_list(bad) + " differ from rank 0's (checksum " +
                           std::string(hex) + " on rank " + std::to_string(rank()) + ")");
  return "ranks agree: " + std::to_string(size()) + " ranks, parameter checksum " + hex;
}

}  // namespace ferlab
