#include "core/duplicate_faces.hpp"

#include <algorithm>
#include <bitset>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace ferlab {
namespace {

constexpr int kHashGrid = 8;
constexpr int kBlock = kFaceSize / kHashGrid;  // 6x6 pixels per hash bit

// Union-find over dataset indices, with path halving.
class Components {
 public:
  explicit Components(size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), size_t{0}); }
  size_t find(size_t i) {
    while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
    return i;
  }
  void join(size_t a, size_t b) {
    a = find(a), b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<size_t> parent_;
};

// Groups of indices by component root, keeping only those with two or more.
std::vector<std::vector<size_t>> components_of(Components& components, const std::vector<size_t>& indices) {
  std::unordered_map<size_t, std::vector<size_t>> by_root;
  for (const size_t i : indices) by_root[components.find(i)].push_back(i);
  std::vector<std::vector<size_t>> out;
  for (auto& [root, members] : by_root)
    if (members.size() > 1) out.push_back(std::move(members));
  for (auto& members : out) std::sort(members.begin(), members.end());
  return out;
}

}  // namespace

const char* duplicate_kind_name(DuplicateKind kind) { return kind == DuplicateKind::Exact ? "exact" : "near"; }

uint64_t face_pixel_hash(const uint8_t* face48) {
  uint64_t hash = 14695981039346656037ull;
  for (int i = 0; i < kFacePixels; ++i) hash = (hash ^ face48[i]) * 1099511628211ull;
  return hash;
}

uint64_t face_average_hash(const uint8_t* face48) {
  std::array<int, kHashGrid * kHashGrid> block_sums{};
  for (int y = 0; y < kFaceSize; ++y)
    for (int x = 0; x < kFaceSize; ++x) block_sums[(y / kBlock) * kHashGrid + x / kBlock] += face48[y * kFaceSize + x];
  const int total = std::accumulate(block_sums.begin(), block_sums.end(), 0);
  uint64_t hash = 0;
  // block_sum > mean block sum, compared in integers: sum * 64 > total.
  for (size_t b = 0; b < block_sums.size(); ++b)
    if (block_sums[b] * static_cast<int>(block_sums.size()) > total) hash |= uint64_t{1} << b;
  return hash;
}

double mean_abs_difference(const uint8_t* a48, const uint8_t* b48) {
  long sum = 0;
  for (int i = 0; i < kFacePixels; ++i) sum += std::abs(static_cast<int>(a48[i]) - static_cast<int>(b48[i]));
  return static_cast<double>(sum) / kFacePixels;
}

std::vector<DuplicateGroup> find_duplicate_faces(const FaceDataset& dataset, const DuplicateOptions& options,
                                                 const std::function<void(size_t, size_t)>& progress) {
  const size_t n = dataset.size();
  std::vector<size_t> all(n);
  std::iota(all.begin(), all.end(), size_t{0});

  // Exact: same hash is only a candidate; equal bytes decide.
  Components exact(n);
  std::unordered_map<uint64_t, std::vector<size_t>> buckets;  // hash -> one index per distinct face
  for (size_t i = 0; i < n; ++i) {
    std::vector<size_t>& distinct = buckets[face_pixel_hash(dataset.image(i))];
    const auto same = std::find_if(distinct.begin(), distinct.end(), [&](size_t j) {
      return std::memcmp(dataset.image(i), dataset.image(j), kFacePixels) == 0;
    });
    if (same == distinct.end()) distinct.push_back(i);
    else exact.join(*same, i);
  }
  std::vector<DuplicateGroup> groups;
  for (auto& members : components_of(exact, all)) groups.push_back({DuplicateKind::Exact, std::move(members)});

  if (options.near) {
    std::vector<size_t> representatives;  // the first face of each exact group, and every singleton
    for (size_t i = 0; i < n; ++i)
      if (exact.find(i) == i) representatives.push_back(i);
    std::vector<uint64_t> hashes(representatives.size());
    for (size_t r = 0; r < representatives.size(); ++r) hashes[r] = face_average_hash(dataset.image(representatives[r]));
    Components near(n);
    // All pairs: ~5e8 XOR-and-popcounts for FER-2013's 32k faces, a second or two.
    for (size_t a = 0; a < representatives.size(); ++a) {
      if (progress && a % 512 == 0) progress(a, representatives.size());
      for (size_t b = a + 1; b < representatives.size(); ++b) {
        if (static_cast<int>(std::bitset<64>(hashes[a] ^ hashes[b]).count()) > options.max_hash_distance) continue;
        if (mean_abs_difference(dataset.image(representatives[a]), dataset.image(representatives[b])) <=
            options.max_mean_abs_difference)
          near.join(representatives[a], representatives[b]);
      }
    }
    if (progress) progress(representatives.size(), representatives.size());
    for (std::vector<size_t>& members : components_of(near, representatives)) {
      std::vector<size_t> files;
      for (const size_t i : all)
        if (std::binary_search(members.begin(), members.end(), exact.find(i))) files.push_back(i);
      groups.push_back({DuplicateKind::Near, std::move(files)});
    }
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const DuplicateGroup& a, const DuplicateGroup& b) { return a.members.front() < b.members.front(); });
  return groups;
}

std::vector<bool> duplicated_in_split(const FaceDataset& dataset, const std::vector<DuplicateGroup>& groups,
                                      Split other) {
  std::vector<bool> out(dataset.size(), false);
  for (const DuplicateGroup& group : groups)
    for (const size_t i : group.members)
      for (const size_t j : group.members)
        if (i != j && dataset.split(j) == other) out[i] = true;
  return out;
}

bool labels_conflict(const FaceDataset& dataset, const DuplicateGroup& group) {
  return std::any_of(group.members.begin(), group.members.end(),
                     [&](size_t i) { return dataset.label(i) != dataset.label(group.members.front()); });
}

DuplicateIndex::DuplicateIndex(size_t faces, std::vector<DuplicateGroup> groups)
    : groups_(std::move(groups)), exact_(faces, -1), near_(faces, -1) {
  for (size_t g = 0; g < groups_.size(); ++g)
    for (const size_t i : groups_[g].members)
      (groups_[g].kind == DuplicateKind::Exact ? exact_ : near_).at(i) = static_cast<int>(g);
}

std::vector<DuplicateCopy> DuplicateIndex::copies_of(size_t face) const {
  std::vector<DuplicateCopy> copies;
  if (!has_copies(face)) return copies;
  const std::vector<size_t> none;
  const auto members = [&](int g) -> const std::vector<size_t>& {
    return g < 0 ? none : groups_[static_cast<size_t>(g)].members;
  };
  const std::vector<size_t>& exact = members(exact_[face]);
  for (const size_t i : exact)
    if (i != face) copies.push_back({i, DuplicateKind::Exact});
  for (const size_t i : members(near_[face]))
    if (i != face && !std::binary_search(exact.begin(), exact.end(), i)) copies.push_back({i, DuplicateKind::Near});
  return copies;
}

DuplicateSummary summarise_duplicates(const FaceDataset& dataset, const std::vector<DuplicateGroup>& groups) {
  DuplicateSummary summary;
  std::vector<bool> seen(dataset.size(), false);
  for (size_t g = 0; g < groups.size(); ++g) {
    const DuplicateGroup& group = groups[g];
    (group.kind == DuplicateKind::Exact ? summary.exact_groups : summary.near_groups)++;
    std::array<size_t, kNumSplits> per_split{};
    for (const size_t i : group.members) {
      seen[i] = true;
      ++per_split[static_cast<size_t>(dataset.split(i))];
    }
    for (size_t a = 0; a < kNumSplits; ++a)
      for (size_t b = a; b < kNumSplits; ++b)
        if (a == b ? per_split[a] >= 2 : per_split[a] && per_split[b]) ++summary.split_pairs[a][b];
    if (labels_conflict(dataset, group)) summary.label_conflicts.push_back(g);
  }
  summary.faces_in_groups = static_cast<size_t>(std::count(seen.begin(), seen.end(), true));
  return summary;
}

}  // namespace ferlab
