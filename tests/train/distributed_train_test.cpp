// Data-parallel `ferlab train` as torchrun runs it: the real binary started
// once per rank with torchrun's variables, meeting on the loopback interface
// over Gloo (docs/DISTRIBUTED.md).
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset_io.hpp"
#include "models/safetensors.hpp"
#include "planted_patterns.hpp"
#include "support/ferlab_process.hpp"
#include "support/run_ferlab.hpp"

namespace ferlab {
namespace {

using namespace std::chrono_literals;
using test::FerlabProcess;
using testing::TempDir;

// 280 training and 280 validation faces: even, so that two ranks need no padding
// and their batches are exactly the halves of one process's double batch.
const std::string& planted_pack() {
  static TempDir dir("dist-data");
  static const std::string path = [] {
    const std::string p = dir / "planted.ferpack";
    save_packed(testing::planted_pattern_dataset(/*per_class=*/40, /*seed=*/11), p);
    return p;
  }();
  return path;
}

std::string train_args(const std::string& out, const std::string& extra) {
  return "--threads 1 train --model cnn --data " + planted_pack() + " --out " + out +
         " --workers 0 --warmup-epochs 0 --seed 5 " + extra;
}

struct Job {
  std::vector<std::unique_ptr<FerlabProcess>> ranks;

  // Every rank's exit code within `timeout` (-1: still running).
  std::vector<int> wait(std::chrono::seconds timeout) {
    std::vector<int> codes;
    for (auto& r : ranks) codes.push_back(r->wait_for(timeout).value_or(-1));
    return codes;
  }
  std::string outputs() const {
    std::string all;
    for (size_t r = 0; r < ranks.size(); ++r) all += "--- rank " + std::to_string(r) + ":\n" + ranks[r]->output();
    return all;
  }
};

Job start_job(int world_size, const std::string& arguments, const TempDir& logs, const std::string& tag) {
  const int port = test::free_local_port();
  Job job;
  for (int r = 0; r < world_size; ++r)
    job.ranks.push_back(std::make_unique<FerlabProcess>(arguments, test::torchrun_environment(r, world_size, port),
                                                        logs / (tag + "-rank" + std::to_string(r) + ".txt")));
  return job;
}

nlohmann::json card_of(const std::string& run) {
  std::ifstream in(run + "/best.json");
  return nlohmann::json::parse(in);
}

double max_difference(const std::string& a, const std::string& b) {
  const auto wa = read_safetensors(a).tensors, wb = read_safetensors(b).tensors;
  EXPECT_EQ(wa.size(), wb.size());
  double worst = 0;
  for (const auto& [name, tensor] : wa) {
    EXPECT_TRUE(wb.count(name)) << name;
    if (wb.count(name)) worst = std::max(worst, (tensor - wb.at(name)).abs().max().item<double>());
  }
  return worst;
}

TEST(DistributedTrainCommand, TwoRanksFinishAgreeAndOnlyRankZeroSpeaksAndWrites) {
  TempDir dir("dist-two");
  Job job = start_job(2, train_args(dir / "run", "--epochs 1 --batch-size 16 --check-sync"), dir, "two");
  EXPECT_EQ(job.wait(300s), (std::vector<int>{0, 0})) << job.outputs();

  const std::string rank0 = job.ranks[0]->output(), rank1 = job.ranks[1]->output();
  EXPECT_NE(rank0.find("data-parallel: 2 ranks (gloo), global batch 32"), std::string::npos) << rank0;
  EXPECT_NE(rank0.find("ranks agree: 2 ranks"), std::string::npos) << rank0;
  // Rank 0 speaks for the job (LibTorch may still warn on any rank).
  EXPECT_EQ(rank1.find("epoch"), std::string::npos) << rank1;
  EXPECT_EQ(rank1.find("best val accuracy"), std::string::npos) << rank1;
  const auto card = card_of(dir / "run");
  EXPECT_EQ(card.at("training").at("world_size"), 2) << card.dump(2);
  EXPECT_EQ(card.at("training").at("dist_backend"), "gloo");
  EXPECT_EQ(card.at("training").at("global_batch_size"), 32);
  EXPECT_TRUE(std::filesystem::exists(dir / "run/checkpoint.pt"));
  EXPECT_TRUE(std::filesystem::exists(dir / "run/log.csv"));
}

// The averaged gradient of two halves of a batch is the gradient of the whole
// batch: with neither BatchNorm (per-rank statistics) nor dropout (per-rank
// masks) nor augmentation, two ranks of batch 16 take one process's steps of
// batch 32, up to rounding. SGD keeps the rounding at rounding size; Adam
// divides by sqrt(v), which turns it into whole steps of lr on near-zero
// gradients (measured: 6e-3 apart after 2 epochs, with the same accuracy).
TEST(DistributedTrainCommand, TwoRanksOfBatchBTrainLikeOneProcessOfBatchTwoB) {
  TempDir dir("dist-same");
  const std::string plain =
      " --epochs 2 --optimizer sgd --no-augment --model-option norm=none --model-option dropout=off";
  Job job = start_job(2, train_args(dir / "two", "--batch-size 16" + plain), dir, "same");
  ASSERT_EQ(job.wait(300s), (std::vector<int>{0, 0})) << job.outputs();
  const auto single = test::run_ferlab(train_args(dir / "one", "--batch-size 32" + plain));
  ASSERT_EQ(single.exit_code, 0) << single.output;

  EXPECT_EQ(card_of(dir / "two").at("training").at("best_epoch"), card_of(dir / "one").at("training").at("best_epoch"));
  EXPECT_NEAR(card_of(dir / "two").at("metrics").at("val_accuracy").get<double>(),
              card_of(dir / "one").at("metrics").at("val_accuracy").get<double>(), 1e-9);
  EXPECT_LT(max_difference(dir / "two/best.safetensors", dir / "one/best.safetensors"), 1e-4);
}

TEST(DistributedTrainCommand, KilledRankEndsTheJobWithAnErrorNamingIt) {
  TempDir dir("dist-kill");
  Job job = start_job(2, train_args(dir / "run", "--epochs 200 --batch-size 16 --dist-timeout 30"), dir, "kill");
  ASSERT_TRUE(job.ranks[0]->wait_for_output("epoch 1/200", 120s)) << job.outputs();
  job.ranks[1]->kill_now();
  const auto start = std::chrono::steady_clock::now();
  const auto code = job.ranks[0]->wait_for(60s);
  ASSERT_TRUE(code) << "rank 0 still running a minute after rank 1 was killed:\n" << job.outputs();
  EXPECT_EQ(*code, 1) << job.outputs();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 40s);
  const std::string rank0 = job.ranks[0]->output();
  EXPECT_NE(rank0.find("ferlab: error: rank 0 of 2:"), std::string::npos) << rank0;
  EXPECT_NE(rank0.find("rank 1 stopped"), std::string::npos) << rank0;
}

// Rank 0 also hosts the rendezvous store: the others cannot read its heartbeat.
TEST(DistributedTrainCommand, KilledRankZeroEndsTheOthersWithAnErrorNamingIt) {
  TempDir dir("dist-kill0");
  Job job = start_job(2, train_args(dir / "run", "--epochs 200 --batch-size 16 --dist-timeout 30"), dir, "kill0");
  ASSERT_TRUE(job.ranks[0]->wait_for_output("epoch 1/200", 120s)) << job.outputs();
  job.ranks[0]->kill_now();
  const auto code = job.ranks[1]->wait_for(60s);
  ASSERT_TRUE(code) << "rank 1 still running a minute after rank 0 was killed:\n" << job.outputs();
  EXPECT_EQ(*code, 1) << job.outputs();
  const std::string rank1 = job.ranks[1]->output();
  EXPECT_NE(rank1.find("ferlab: error: rank 1 of 2:"), std::string::npos) << rank1;
  EXPECT_NE(rank1.find("rank 0, which hosts the rendezvous store at 127.0.0.1:"), std::string::npos) << rank1;
}

TEST(DistributedTrainCommand, RendezvousThatNeverCompletesEndsNamingTheMissingRank) {
  TempDir dir("dist-alone");
  const int port = test::free_local_port();
  FerlabProcess rank0(train_args(dir / "run", "--epochs 1 --dist-timeout 3"), test::torchrun_environment(0, 3, port),
                      dir / "alone.txt");
  const auto code = rank0.wait_for(60s);
  ASSERT_TRUE(code) << rank0.output();
  EXPECT_EQ(*code, 1) << rank0.output();
  EXPECT_NE(rank0.output().find("rendezvous at 127.0.0.1:" + std::to_string(port) +
                                " incomplete after 3 s (--dist-timeout): ranks 1, 2 never joined"),
            std::string::npos)
      << rank0.output();
}

// Both ranks killed after the first epoch's checkpoint; the job started again
// with --resume: every rank restarts from rank 0's checkpoint.
TEST(DistributedTrainCommand, ResumedDistributedRunEndsLikeAnUninterruptedOne) {
  TempDir dir("dist-resume");
  const std::string recipe = "--epochs 3 --batch-size 16";
  Job straight = start_job(2, train_args(dir / "straight", recipe), dir, "straight");
  ASSERT_EQ(straight.wait(300s), (std::vector<int>{0, 0})) << straight.outputs();

  Job interrupted = start_job(2, train_args(dir / "resumed", recipe), dir, "interrupted");
  // The epoch's line comes after its checkpoint (the progress bar's "epoch 1/3 [" before).
  ASSERT_TRUE(interrupted.ranks[0]->wait_for_output("epoch 1/3  train loss", 120s)) << interrupted.outputs();
  for (auto& rank : interrupted.ranks) rank->kill_now();
  interrupted.wait(30s);
  Job resumed = start_job(2, train_args(dir / "resumed", recipe + " --resume"), dir, "resumed");
  ASSERT_EQ(resumed.wait(300s), (std::vector<int>{0, 0})) << resumed.outputs();
  EXPECT_NE(resumed.ranks[0]->output().find("resuming"), std::string::npos) << resumed.outputs();

  EXPECT_EQ(card_of(dir / "resumed").at("training").at("epochs_run"), 3);
  EXPECT_EQ(card_of(dir / "resumed").at("training").at("best_epoch"),
            card_of(dir / "straight").at("training").at("best_epoch"));
  EXPECT_EQ(max_difference(dir / "straight/best.safetensors", dir / "resumed/best.safetensors"), 0.0);
}

}  // namespace
}  // namespace ferlab
