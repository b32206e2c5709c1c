// Duplicate search on planted copies among distinct synthetic faces.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/duplicate_faces.hpp"

namespace ferlab {
namespace {

using Face = std::vector<uint8_t>;

// Smooth random patterns, as unlike one another as different faces are.
Face pattern(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.05, 0.4), phase(0, 6.28);
  const double fx = u(rng), fy = u(rng), px = phase(rng), py = phase(rng);
  Face face(kFacePixels);
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x)
      face[static_cast<size_t>(y * kFaceSize + x)] =
          static_cast<uint8_t>(128 + 90 * std::sin(fx * x + px) * std::cos(fy * y + py));
  return face;
}

// The same face re-encoded: every pixel moved by up to 3 grey levels.
Face jittered(const Face& face, std::mt19937& rng) {
  std::uniform_int_distribution<int> d(-3, 3);
  Face out(face);
  for (uint8_t& v : out) v = static_cast<uint8_t>(std::clamp(v + d(rng), 0, 255));
  return out;
}

struct Planted {
  FaceDataset dataset;
  // indices: 0..19 distinct train faces; 20 = exact copy of 3 in test; 21 = exact copy of 5 in train
  // with another label; 22 = near copy of 7 in test; 23..27 distinct test faces
};

Planted planted() {
  std::mt19937 rng(42);
  Planted p;
  std::vector<Face> faces;
  for (int i = 0; i < 20; ++i) faces.push_back(pattern(rng));
  for (int i = 0; i < 20; ++i) p.dataset.add(faces[static_cast<size_t>(i)].data(), i % 7, Split::Train, "train/" + std::to_string(i));
  p.dataset.add(faces[3].data(), 3 % 7, Split::PublicTest, "test/copy_of_3");
  p.dataset.add(faces[5].data(), 0, Split::Train, "train/copy_of_5_relabelled");
  const Face near7 = jittered(faces[7], rng);
  p.dataset.add(near7.data(), 7 % 7, Split::PublicTest, "test/near_7");
  for (int i = 0; i < 5; ++i) p.dataset.add(pattern(rng).data(), i, Split::PublicTest, "test/distinct_" + std::to_string(i));
  return p;
}

TEST(DuplicateFaces, ExactFindsIdenticalPixelsOnly) {
  const Planted p = planted();
  const auto groups = find_duplicate_faces(p.dataset);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].kind, DuplicateKind::Exact);
  EXPECT_EQ(groups[0].members, (std::vector<size_t>{3, 20}));
  EXPECT_EQ(groups[1].members, (std::vector<size_t>{5, 21}));
}

TEST(DuplicateFaces, NearFindsTheJitteredCopyAndNothingElse) {
  const Planted p = planted();
  DuplicateOptions options;
  options.near = true;
  const auto groups = find_duplicate_faces(p.dataset, options);
  std::vector<std::vector<size_t>> near;
  for (const auto& g : groups)
    if (g.kind == DuplicateKind::Near) near.push_back(g.members);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0], (std::vector<size_t>{7, 22}));
  EXPECT_LE(mean_abs_difference(p.dataset.image(7), p.dataset.image(22)), 3.0);
}

TEST(DuplicateFaces, SummaryCountsSplitPairsAndLabelConflicts) {
  const Planted p = planted();
  DuplicateOptions options;
  options.near = true;
  const auto groups = find_duplicate_faces(p.dataset, options);
  const DuplicateSummary s = summarise_duplicates(p.dataset, groups);
  EXPECT_EQ(s.exact_groups, 2u);
  EXPECT_EQ(s.near_groups, 1u);
  EXPECT_EQ(s.faces_in_groups, 6u);
  const auto train = static_cast<size_t>(Split::Train), test = static_cast<size_t>(Split::PublicTest);
  EXPECT_EQ(s.split_pairs[train][test], 2u);   // 3~20 and 7~22
  EXPECT_EQ(s.split_pairs[train][train], 1u);  // 5~21
  EXPECT_EQ(s.split_pairs[test][test], 0u);
  ASSERT_EQ(s.label_conflicts.size(), 1u);
  EXPECT_EQ(groups[s.label_conflicts[0]].members, (std::vector<size_t>{5, 21}));

  const std::vector<bool> seen_in_train = duplicated_in_split(p.dataset, groups, Split::Train);
  for (size_t i = 0; i < p.dataset.size(); ++i) {
    if (p.dataset.split(i) == Split::PublicTest) EXPECT_EQ(seen_in_train[i], i == 20 || i == 22) << i;
  }
}

// A face, its exact copy and a re-encoded copy: each face's copies name the
// other two once, the byte-identical one as exact.
TEST(DuplicateFaces, IndexListsAFacesCopiesExactOnesFirstAndEachOnce) {
  std::mt19937 rng(5);
  const Face a = pattern(rng);
  FaceDataset data;
  data.add(a.data(), 0, Split::Train, "a");
  data.add(a.data(), 0, Split::PublicTest, "exact_a");
  data.add(jittered(a, rng).data(), 1, Split::Train, "near_a");
  data.add(pattern(rng).data(), 2, Split::Train, "other");
  DuplicateOptions options;
  options.near = true;
  const DuplicateIndex index(data.size(), find_duplicate_faces(data, options));
  const auto faces_and_kinds = [&](size_t face) {
    std::vector<std::pair<size_t, DuplicateKind>> out;
    for (const DuplicateCopy& c : index.copies_of(face)) out.emplace_back(c.face, c.kind);
    return out;
  };
  using K = DuplicateKind;
  EXPECT_EQ(faces_and_kinds(0), (std::vector<std::pair<size_t, K>>{{1, K::Exact}, {2, K::Near}}));
  EXPECT_EQ(faces_and_kinds(1), (std::vector<std::pair<size_t, K>>{{0, K::Exact}, {2, K::Near}}));
  EXPECT_EQ(faces_and_kinds(2), (std::vector<std::pair<size_t, K>>{{0, K::Near}, {1, K::Near}}));
  EXPECT_TRUE(index.copies_of(3).empty());
  EXPECT_FALSE(index.has_copies(3));
  // The near group holds labels 0 and 1, the exact pair only 0.
  for (const DuplicateGroup& g : index.groups()) EXPECT_EQ(labels_conflict(data, g), g.kind == K::Near);
}

TEST(DuplicateFaces, AverageHashIgnoresSmallNoiseButNotOtherFaces) {
  std::mt19937 rng(1);
  const Face a = pattern(rng), b = pattern(rng);
  const auto distance = [](uint64_t x, uint64_t y) { return __builtin_popcountll(x ^ y); };
  EXPECT_LE(distance(face_average_hash(a.data()), face_average_hash(jittered(a, rng).data())), 4);
  EXPECT_GT(distance(face_average_hash(a.data()), face_average_hash(b.data())), 10);
  EXPECT_NE(face_pixel_hash(a.data()), face_pixel_hash(b.data()));
}

}  // namespace
}  // namespace ferlab
