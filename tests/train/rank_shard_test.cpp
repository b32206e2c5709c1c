#include "train/rank_shard.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "train/class_balance.hpp"

namespace ferlab {
namespace {

std::vector<uint32_t> iota_order(size_t n) {
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  return order;
}

TEST(RankShard, RanksTakeInterleavedDisjointSharesOfEqualSize) {
  const auto order = epoch_order(std::vector<uint8_t>(12, 0), Balance::None, 7, 0);
  std::set<uint32_t> seen;
  for (int rank = 0; rank < 3; ++rank) {
    const auto shard = rank_shard(order, 3, rank);
    ASSERT_EQ(shard.size(), 4u);
    for (size_t i = 0; i < shard.size(); ++i) EXPECT_EQ(shard[i], order[static_cast<size_t>(rank) + 3 * i]);
    seen.insert(shard.begin(), shard.end());
  }
  EXPECT_EQ(seen.size(), 12u);
}

// DistributedSampler pads with the order's first samples: 10 on 4 ranks is 12 positions.
TEST(RankShard, TailIsPaddedByWrappingAroundToTheStart) {
  const auto order = iota_order(10);
  EXPECT_EQ(rank_shard(order, 4, 0), (std::vector<uint32_t>{0, 4, 8}));
  EXPECT_EQ(rank_shard(order, 4, 1), (std::vector<uint32_t>{1, 5, 9}));
  EXPECT_EQ(rank_shard(order, 4, 2), (std::vector<uint32_t>{2, 6, 0}));
  EXPECT_EQ(rank_shard(order, 4, 3), (std::vector<uint32_t>{3, 7, 1}));
}

TEST(RankShard, FewerSamplesThanRanksStillGivesEveryRankOne) {
  const auto order = iota_order(2);
  for (int rank = 0; rank < 5; ++rank)
    EXPECT_EQ(rank_shard(order, 5, rank), (std::vector<uint32_t>{static_cast<uint32_t>(rank % 2)})) << rank;
}

TEST(RankShard, OneRankKeepsTheWholeOrder) {
  const auto order = epoch_order(std::vector<uint8_t>(9, 1), Balance::None, 3, 2);
  EXPECT_EQ(rank_shard(order, 1, 0), order);
}

TEST(RankShard, EveryEpochIsReshuffledTheSameWayOnEveryRank) {
  const std::vector<uint8_t> labels(50, 0);
  const auto epoch0 = rank_shard(epoch_order(labels, Balance::None, 11, 0), 2, 1);
  EXPECT_EQ(epoch0, rank_shard(epoch_order(labels, Balance::None, 11, 0), 2, 1));
  EXPECT_NE(epoch0, rank_shard(epoch_order(labels, Balance::None, 11, 1), 2, 1));
}

TEST(RankShard, ValidationCountsEveryFaceOnceWithoutPadding) {
  std::vector<uint32_t> all;
  for (int rank = 0; rank < 3; ++rank) {
    const auto shard = validation_shard(10, 3, rank);
    all.insert(all.end(), shard.begin(), shard.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, iota_order(10));
  EXPECT_TRUE(validation_shard(2, 3, 2).empty());
}

TEST(RankShard, RankZeroKeepsTheSeedAndOtherRanksGetTheirOwn) {
  EXPECT_EQ(rank_seed(42, 0), 42u);
  EXPECT_NE(rank_seed(42, 1), 42u);
  EXPECT_NE(rank_seed(42, 1), rank_seed(42, 2));
  EXPECT_EQ(rank_seed(42, 1), rank_seed(42, 1));
}

}  // namespace
}  // namespace ferlab
