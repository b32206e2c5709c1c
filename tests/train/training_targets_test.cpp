#include "train/training_targets.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"

namespace ferlab {
namespace {

const int kNeutral = *emotion_from_name("neutral");
const int kHappy = *emotion_from_name("happy");
const int kSad = *emotion_from_name("sad");

FerPlusVotes votes(std::initializer_list<int> v) {
  FerPlusVotes out{};
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

// Four faces: a crowd that agrees, one that disagrees, one with no usable
// label, and a face the table does not list.
struct Fixture {
  FaceDataset faces;
  FerPlusTable table;
  Fixture() {
    const uint8_t pixels[kFacePixels] = {};
    faces.add(pixels, kHappy, Split::Train, "train/happy/a.jpg");
    faces.add(pixels, kSad, Split::Train, "train/sad/b.jpg");
    faces.add(pixels, kSad, Split::Train, "train/sad/c.jpg");
    faces.add(pixels, kNeutral, Split::Train, "train/neutral/d.jpg");
    table.path = "ferplus.csv";
    //                                         neu hap sur sad ang dis fea con unk NF
    table.votes["train/happy/a.jpg"] = votes({0, 9, 1, 0, 0, 0, 0, 0, 0, 0});
    table.votes["train/sad/b.jpg"] = votes({6, 0, 0, 4, 0, 0, 0, 0, 0, 0});
    table.votes["train/sad/c.jpg"] = votes({0, 0, 0, 0, 0, 0, 0, 0, 2, 8});
  }
};

TEST(CrowdLabels, MajorityRelabelsLeavesOutFacesWithoutOneAndKeepsUnlistedFaces) {
  const Fixture f;
  const CrowdLabelledFaces r = apply_crowd_labels(f.faces, f.table, "ferplus-majority");
  ASSERT_EQ(r.faces.size(), 3u);
  EXPECT_EQ(r.faces.label(0), kHappy);
  EXPECT_EQ(r.faces.label(1), kNeutral);  // the crowd overrules "sad"
  EXPECT_EQ(r.faces.source(2), "train/neutral/d.jpg");
  EXPECT_EQ(r.faces.label(2), kNeutral);
  EXPECT_TRUE(r.distributions.empty());
  EXPECT_EQ(r.relabelled, 1u);
  EXPECT_EQ(r.left_out, 1u);
  EXPECT_EQ(r.without_row, 1u);
}

TEST(CrowdLabels, SoftTargetsAreTheVoteDistributionsAndOneHotWithoutARow) {
  const Fixture f;
  const CrowdLabelledFaces r = apply_crowd_labels(f.faces, f.table, "ferplus-soft");
  ASSERT_EQ(r.faces.size(), 3u);
  ASSERT_EQ(r.distributions.size(), 3u);
  EXPECT_FLOAT_EQ(r.distributions[0][kHappy], 0.9f);
  EXPECT_FLOAT_EQ(r.distributions[1][kNeutral], 0.6f);
  EXPECT_FLOAT_EQ(r.distributions[1][kSad], 0.4f);
  EXPECT_EQ(r.faces.label(1), kSad);  // the label stays; the target carries the crowd
  EXPECT_FLOAT_EQ(r.distributions[2][kNeutral], 1.0f);
  EXPECT_EQ(r.relabelled, 1u);
  EXPECT_EQ(r.left_out, 1u);
}

TEST(CrowdLabels, ATableListingNoFaceIsADataErrorNamingIt) {
  const Fixture f;
  FerPlusTable other;
  other.path = "elsewhere/ferplus.csv";
  other.votes["test/happy/x.jpg"] = votes({0, 10});
  try {
    apply_crowd_labels(f.faces, other, "ferplus-soft");
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("elsewhere/ferplus.csv"), std::string::npos) << e.what();
  }
}

TEST(TeacherTargets, MixesByWeightAndChecksTheCounts) {
  const Fixture f;
  const std::vector<ClassDistribution> hard = one_hot_targets(f.faces);
  EXPECT_FLOAT_EQ(hard[0][kHappy], 1.0f);
  std::vector<ClassDistribution> teacher(f.faces.size(), ClassDistribution{});
  for (auto& t : teacher) t[kNeutral] = 1;
  const auto mixed = mix_in_teacher(hard, teacher, 0.25);
  EXPECT_FLOAT_EQ(mixed[0][kHappy], 0.75f);
  EXPECT_FLOAT_EQ(mixed[0][kNeutral], 0.25f);
  EXPECT_FLOAT_EQ(mixed[3][kNeutral], 1.0f);
  teacher.pop_back();
  EXPECT_THROW(mix_in_teacher(hard, teacher, 0.5), UsageError);
}

}  // namespace
}  // namespace ferlab
