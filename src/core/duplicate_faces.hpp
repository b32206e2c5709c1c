#pragma once
// Finding the same face twice in a dataset (FER-2013 has some, within and
// across its splits, and a test face seen in training inflates accuracy).
//  - Exact: identical decoded pixels. Bucketed by a 64-bit FNV-1a hash, then
//    confirmed byte for byte, so a hash collision never merges two faces.
//  - Near: the same face after re-encoding, slight brightness change or a
//    few pixels of edit. Candidates share most bits of a 64-bit average hash
//    (8x8 block means against their mean) and are confirmed by mean absolute
//    pixel difference. One representative per exact group takes part.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/face_dataset.hpp"

namespace ferlab {

enum class DuplicateKind { Exact, Near };
const char* duplicate_kind_name(DuplicateKind kind);  // "exact", "near"

struct DuplicateGroup {
  DuplicateKind kind = DuplicateKind::Exact;
  std::vector<size_t> members;  // dataset indices, ascending, at least two
};

struct DuplicateOptions {
  bool near = false;
  // Hamming distance between average hashes for a pair to be compared at all.
  int max_hash_distance = 6;
  // Grey levels; JPEG re-encoding of the same face differs by 1-3, two
  // different FER-2013 faces by about 30 (docs/EVALUATION.md).
  double max_mean_abs_difference = 6.0;
};

// Near groups are connected components of confirmed pairs: a chain a~b~c is
// one group even if a and c differ more. An exact group's files all join the
// near group its representative belongs to, so a file may be in one exact and
// one near group. Groups are ordered by their first member.
// `progress(done, total)` is called now and then during the near search.
std::vector<DuplicateGroup> find_duplicate_faces(const FaceDataset& dataset, const DuplicateOptions& options = {},
                                                 const std::function<void(size_t, size_t)>& progress = {});

uint64_t face_pixel_hash(const uint8_t* face48);     // FNV-1a over the 2304 bytes
uint64_t face_average_hash(const uint8_t* face48);   // bit 8r+c: block (r, c) brighter than the mean
double mean_abs_difference(const uint8_t* a48, const uint8_t* b48);

// For each face, whether a group puts it with a face of split `other`
// (other than itself). `--exclude-duplicates` drops test faces seen in train.
std::vector<bool> duplicated_in_split(const FaceDataset& dataset, const std::vector<DuplicateGroup>& groups,
                                      Split other);

// Whether the group's faces carry more than one label: FER-2013 gives some
// copies of one face different classes, so at most one of them is right.
bool labels_conflict(const FaceDataset& dataset, const DuplicateGroup& group);

// The groups looked up by face: a face's copies, exact ones first.
struct DuplicateCopy {
  size_t face = 0;
  DuplicateKind kind = DuplicateKind::Exact;
};
class DuplicateIndex {
 public:
  DuplicateIndex() = default;
  DuplicateIndex(size_t faces, std::vector<DuplicateGroup> groups);
  const std::vector<DuplicateGroup>& groups() const { return groups_; }
  // The other faces of `face`'s exact group, then those its near group adds.
  std::vector<DuplicateCopy> copies_of(size_t face) const;
  bool has_copies(size_t face) const { return face < exact_.size() && (exact_[face] >= 0 || near_[face] >= 0); }

 private:
  std::vector<DuplicateGroup> groups_;
  std::vector<int> exact_, near_;  // per face: its group of that kind, -1 for none
};

struct DuplicateSummary {
  size_t exact_groups = 0, near_groups = 0;
  size_t faces_in_groups = 0;  // distinct faces in any group
  // [a][b], a <= b: groups holding faces of split a and of split b (a == b: two of split a).
  std::array<std::array<size_t, kNumSplits>, kNumSplits> split_pairs{};
  std::vector<size_t> label_conflicts;  // indices into the groups whose labels_conflict
};
DuplicateSummary summarise_duplicates(const FaceDataset& dataset, const std::vector<DuplicateGroup>& groups);

}  // namespace ferlab
