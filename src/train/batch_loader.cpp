#include "train/batch_loader.hpp"

#include <algorithm>

namespace ferlab {

Batch build_batch(const FaceDataset& data, const std::vector<uint32_t>& order, size_t b,
                  const BatchPlan& plan) {
  const size_t begin = b * plan.batch_size;
  const size_t n = std::min(plan.batch_size, order.size() - begin);
  Batch batch{torch::empty({static_cast<int64_t>(n), 1, kFaceSize, kFaceSize}),
              torch::empty({static_cast<int64_t>(n)}, torch::kInt64), torch::Tensor()};
  float* out = batch.images.data_ptr<float>();
  int64_t* labels = batch.labels.data_ptr<int64_t>();
  const bool mixing = plan.mix && plan.mix->enabled();
  if (plan.targets || mixing) batch.targets = torch::zeros({static_cast<int64_t>(n), kNumEmotions});
  // Folding the [0,1] scaling into the normalisation: one multiply-add per pixel.
  const float scale = 1.0f / (255.0f * plan.normalization.std);
  const float shift = plan.normalization.mean / plan.normalization.std;
  uint8_t augmented[kFacePixels];
  for (size_t i = 0; i < n; ++i) {
    const size_t position = begin + i;
    const uint32_t index = order[position];
    const uint8_t* pixels = data.image(index);
    if (plan.augment) {
      apply_augment(pixels, augmented,
                    draw_augment_params(*plan.augment, plan.seed, plan.epoch, position, kFaceSize),
                    kFaceSize);
      pixels = augmented;
    }
    float* dst = out + i * kFacePixels;
    for (int p = 0; p < kFacePixels; ++p) dst[p] = static_cast<float>(pixels[p]) * scale - shift;
    labels[i] = data.label(index);
    if (plan.targets) {
      const ClassDistribution& target = plan.targets->at(index);
      std::copy(target.begin(), target.end(), batch.targets.data_ptr<float>() + i * kNumEmotions);
    } else if (mixing) {
      batch.targets.data_ptr<float>()[i * kNumEmotions + labels[i]] = 1;
    }
  }
  if (mixing)
    apply_batch_mix(draw_batch_mix(*plan.mix, plan.seed, plan.epoch, b, n, kFaceSize), out,
                    batch.targets.data_ptr<float>(), labels, n, kNumEmotions, kFaceSize);
  return batch;
}

BatchLoader::BatchLoader(const FaceDataset& data, std::vector<uint32_t> order, BatchPlan plan)
    : data_(data), order_(std::move(order)), plan_(std::move(plan)) {
  num_batches_ = (order_.size() + plan_.batch_size - 1) / plan_.batch_size;
  if (plan_.drop_single_last && num_batches_ > 1 && order_.size() % plan_.batch_size == 1)
    --num_batches_;
  for (int w = 0; w < plan_.workers; ++w) workers_.emplace_back([this] { work(); });
}

BatchLoader::~BatchLoader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (auto& t : workers_) t.join();
}

void BatchLoader::work() {
  for (;;) {
    size_t b;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Bounded: build at most queue_depth batches ahead of the consumer.
      changed_.wait(lock, [&] {
        return stopping_ || error_ || next_to_build_ >= num_batches_ ||
               next_to_build_ < next_to_take_ + plan_.queue_depth;
      });
      if (stopping_ || error_ || next_to_build_ >= num_batches_) return;
      b = next_to_build_++;
    }
    try {
      Batch batch = build_batch(data_, order_, b, plan_);
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.emplace(b, std::move(batch));
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::current_exception();
    }
    changed_.notify_all();
  }
}

std::optional<Batch> BatchLoader::next() {
  if (next_to_take_ >= num_batches_) return std::nullopt;
  if (workers_.empty()) return build_batch(data_, order_, next_to_take_++, plan_);
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return error_ || ready_.count(next_to_take_) > 0; });
  if (error_) std::rethrow_exception(error_);
  auto node = ready_.extract(next_to_take_++);
  lock.unlock();
  changed_.notify_all();
  return std::move(node.mapped());
}

}  // namespace ferlab
