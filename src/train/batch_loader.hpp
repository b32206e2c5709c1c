#pragma once
// Builds the batches of one epoch: augmented (or not), normalised float
// tensors. With workers > 0, background threads build them into a bounded
// queue while the caller trains; batches come out in order and are identical
// whatever the number of workers, because each sample's randomness is a
// function of (seed, epoch, position).
#include <torch/torch.h>

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/face_dataset.hpp"
#include "models/model_io.hpp"
#include "train/augment.hpp"
#include "train/batch_mixing.hpp"

namespace ferlab {

struct Batch {
  torch::Tensor images;  // n x 1 x 48 x 48 float, normalised
  torch::Tensor labels;  // n int64
  torch::Tensor targets;  // n x 7 float when the plan has targets or mixes, else undefined
};

struct BatchPlan {
  size_t batch_size = 64;
  std::optional<AugmentConfig> augment;  // none: the images as they are (validation)
  uint64_t seed = 0;
  uint64_t epoch = 0;
  Normalization normalization;
  int workers = 0;            // 0: build each batch on the calling thread
  size_t queue_depth = 4;     // batches built ahead at most
  bool drop_single_last = true;  // BatchNorm cannot train on a batch of one
  // Per dataset index, the distribution to train towards (soft labels,
  // distillation); null: the labels alone. Must outlive the loader.
  const std::vector<ClassDistribution>* targets = nullptr;
  // Pairwise mixing of each batch's faces and targets (mixup, CutMix), after
  // augmentation; none: every face as it is (validation).
  std::optional<MixConfig> mix;
};

// Builds batch `b` of `order` (positions b*batch_size ...) from `data`. With
// plan.mix, the batch has targets (one-hot labels where the plan has none).
Batch build_batch(const FaceDataset& data, const std::vector<uint32_t>& order, size_t b,
                  const BatchPlan& plan);

class BatchLoader {
 public:
  // `data` must outlive the loader.
  BatchLoader(const FaceDataset& data, std::vector<uint32_t> order, BatchPlan plan);
  ~BatchLoader();
  BatchLoader(const BatchLoader&) = delete;
  BatchLoader& operator=(const BatchLoader&) = delete;

  size_t num_batches() const { return num_batches_; }
  // The next batch in order, or nullopt after the last. Rethrows a worker's error.
  std::optional<Batch> next();

 private:
  void work();

  const FaceDataset& data_;
  const std::vector<uint32_t> order_;
  const BatchPlan plan_;
  size_t num_batches_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;
  size_t next_to_build_ = 0;
  size_t next_to_take_ = 0;
  bool stopping_ = false;
  std::map<size_t, Batch> ready_;
  std::exception_ptr error_;
  std::vector<std::thread> workers_;
};

}  // namespace ferlab
