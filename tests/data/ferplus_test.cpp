// FER+ votes: reading the CSV, the majority rule, relabelling a dataset, the
// crowd beside the labels (crowd_review).
#include "data/crowd_review.hpp"
#include "data/ferplus.hpp"

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "data_test_support.hpp"

namespace ferlab {
namespace {

using test::TempDir;

const std::string kHeader = "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";

std::string error_of(const std::string& path) {
  try {
    load_ferplus_csv(path);
  } catch (const DataError& e) {
    return e.what();
  }
  return "(no DataError)";
}

FerPlusVotes votes(std::initializer_list<int> v) {
  FerPlusVotes out{};
  std::copy(v.begin(), v.end(), out.begin());
  return out;
}

TEST(FerPlusMajority, MapsColumnsToFer2013ClassesByName) {
  //                          neu hap sur sad ang dis fea con unk NF
  EXPECT_EQ(ferplus_majority(votes({8, 0, 0, 1, 1, 0, 0, 0, 0, 0})).label, *emotion_from_name("neutral"));
  EXPECT_EQ(ferplus_majority(votes({0, 6, 4, 0, 0, 0, 0, 0, 0, 0})).label, *emotion_from_name("happy"));
  EXPECT_EQ(ferplus_majority(votes({0, 0, 0, 7, 0, 0, 0, 0, 0, 0})).label, *emotion_from_name("sad"));
  EXPECT_EQ(ferplus_majority(votes({0, 0, 0, 0, 5, 1, 0, 0, 0, 0})).label, *emotion_from_name("angry"));
  EXPECT_EQ(ferplus_majority(votes({0, 0, 0, 0, 0, 0, 9, 0, 0, 1})).label, *emotion_from_name("fear"));
}

TEST(FerPlusMajority, TiesContemptUnknownAndNotAFaceHaveNoLabel) {
  EXPECT_EQ(ferplus_majority(votes({4, 4, 2, 0, 0, 0, 0, 0, 0, 0})).verdict, FerPlusVerdict::Tie);
  EXPECT_EQ(ferplus_majority(votes({1, 0, 0, 0, 0, 0, 0, 6, 3, 0})).verdict, FerPlusVerdict::Contempt);
  EXPECT_EQ(ferplus_majority(votes({1, 0, 0, 0, 0, 0, 0, 0, 9, 0})).verdict, FerPlusVerdict::Unknown);
  EXPECT_EQ(ferplus_majority(votes({0, 0, 0, 0, 0, 0, 0, 0, 0, 10})).verdict, FerPlusVerdict::NotFace);
  EXPECT_EQ(ferplus_majority(votes({})).verdict, FerPlusVerdict::NoVotes);
}

TEST(FerPlusDistribution, DropsContemptUnknownAndNotAFaceThenRenormalises) {
  //                                          neu hap sur sad ang dis fea con unk NF
  const auto d = ferplus_distribution(votes({4, 2, 0, 0, 0, 0, 2, 1, 1, 0}));
  ASSERT_TRUE(d.has_value());
  EXPECT_FLOAT_EQ((*d)[*emotion_from_name("neutral")], 0.5f);
  EXPECT_FLOAT_EQ((*d)[*emotion_from_name("happy")], 0.25f);
  EXPECT_FLOAT_EQ((*d)[*emotion_from_name("fear")], 0.25f);
  EXPECT_FLOAT_EQ((*d)[*emotion_from_name("sad")], 0.0f);
  float sum = 0;
  for (float p : *d) sum += p;
  EXPECT_FLOAT_EQ(sum, 1.0f);
  EXPECT_FALSE(ferplus_distribution(votes({0, 0, 0, 0, 0, 0, 0, 3, 5, 2})).has_value());
  EXPECT_FALSE(ferplus_distribution(votes({})).has_value());
}

TEST(CrowdReview, DisagreementAndMislabelScoreFollowTheCrowdAndTheModel) {
  const int sad = *emotion_from_name("sad"), neutral = *emotion_from_name("neutral");
  //                           neu hap sur sad ang dis fea con unk NF
  const FerPlusVotes crowd_neutral = votes({8, 0, 0, 2, 0, 0, 0, 0, 0, 0});
  EXPECT_TRUE(crowd_disagrees(crowd_neutral, sad));
  EXPECT_FALSE(crowd_disagrees(crowd_neutral, neutral));
  EXPECT_FALSE(crowd_disagrees(votes({5, 0, 0, 5, 0, 0, 0, 0, 0, 0}), sad));  // a tie is no majority
  EXPECT_EQ(crowd_verdict(crowd_neutral, neutral), CrowdVerdict::Agrees);
  EXPECT_EQ(crowd_verdict(crowd_neutral, sad), CrowdVerdict::Disagrees);
  EXPECT_EQ(crowd_verdict(std::nullopt, sad), CrowdVerdict::Silent);
  EXPECT_EQ(crowd_verdict(votes({0, 0, 0, 0, 0, 0, 0, 0, 0, 10}), sad), CrowdVerdict::Silent);

  ClassDistribution model_says_neutral{};
  model_says_neutral[neutral] = 0.7f;
  model_says_neutral[sad] = 0.2f;
  model_says_neutral[*emotion_from_name("fear")] = 0.1f;
  // (1 - p(sad)) * the crowd's neutral share
  EXPECT_NEAR(mislabel_score(crowd_neutral, sad, model_says_neutral), 0.8 * 0.8, 1e-6);
  ClassDistribution model_says_sad{};
  model_says_sad[sad] = 0.9f;
  model_says_sad[neutral] = 0.1f;
  EXPECT_EQ(mislabel_score(crowd_neutral, sad, model_says_sad), 0.0);        // the model sides with the label
  EXPECT_EQ(mislabel_score(crowd_neutral, neutral, model_says_neutral), 0.0);  // the crowd agrees with the label
  // A surer crowd and a surer model rank higher.
  EXPECT_GT(mislabel_score(votes({10, 0, 0, 0, 0, 0, 0, 0, 0, 0}), sad, model_says_neutral),
            mislabel_score(crowd_neutral, sad, model_says_neutral));
}

TEST(CrowdReview, VotesAreLookedUpByEachFacesSource) {
  FaceDataset faces;
  const uint8_t pixels[kFacePixels] = {};
  faces.add(pixels, 0, Split::Train, "train/angry/a.jpg");
  faces.add(pixels, 0, Split::Train, "train/angry/b.jpg");
  FerPlusTable table;
  table.votes["train/angry/b.jpg"] = votes({0, 0, 0, 0, 9, 1, 0, 0, 0, 0});
  const auto found = crowd_votes(faces, table);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_FALSE(found[0].has_value());
  ASSERT_TRUE(found[1].has_value());
  EXPECT_EQ((*found[1])[4], 9);
}

TEST(FerPlusCsv, RelabelsByFileAndCountsWhatItLeavesOut) {
  const TempDir dir;
  test::write_text(dir.file("ferplus.csv"), kHeader +
                                                "test/angry/a.jpg,0,9,1,0,0,0,0,0,0,0\n"   // happy
                                                "test/angry/b.jpg,0,0,0,0,10,0,0,0,0,0\n"  // angry, unchanged
                                                "test/sad/c.jpg,5,5,0,0,0,0,0,0,0,0\n"     // tie
                                                "test/sad/d.jpg,0,0,0,0,0,0,0,7,3,0\n"     // contempt
                                                "test/sad/e.jpg,0,0,0,0,0,0,0,0,2,8\r\n"); // not a face, CRLF
  ASSERT_EQ(find_ferplus_csv(dir.path().string()), dir.file("ferplus.csv"));
  const FerPlusTable table = load_ferplus_csv(dir.file("ferplus.csv"));
  EXPECT_EQ(table.votes.size(), 5u);

  FaceDataset faces;
  const auto face = test::pattern_face(1);
  const int angry = *emotion_from_name("angry"), sad = *emotion_from_name("sad");
  for (const auto& [name, label] : std::vector<std::pair<std::string, int>>{
           {"test/angry/a.jpg", angry}, {"test/angry/b.jpg", angry}, {"test/sad/c.jpg", sad},
           {"test/sad/d.jpg", sad}, {"test/sad/e.jpg", sad}, {"test/sad/not_listed.jpg", sad}})
    faces.add(face.data(), label, Split::PublicTest, name);

  const FerPlusRelabelled r = relabel_with_ferplus(faces, table);
  ASSERT_EQ(r.dataset.size(), 2u);
  EXPECT_EQ(r.kept, (std::vector<size_t>{0, 1}));
  EXPECT_EQ(r.dataset.label(0), *emotion_from_name("happy"));
  EXPECT_EQ(r.dataset.label(1), angry);
  EXPECT_EQ(r.dataset.source(0), "test/angry/a.jpg");
  EXPECT_EQ(r.changed, 1u);
  EXPECT_EQ(r.tie, 1u);
  EXPECT_EQ(r.contempt, 1u);
  EXPECT_EQ(r.not_face, 1u);
  EXPECT_EQ(r.missing, 1u);
  EXPECT_EQ(r.left_out(), 4u);
}

TEST(FerPlusCsv, BadFilesNameTheFileAndLine) {
  const TempDir dir;
  test::write_text(dir.file("header.csv"), "file,neutral,happiness\n");
  EXPECT_NE(error_of(dir.file("header.csv")).find("header.csv:1: expected the FER+ header"), std::string::npos);
  test::write_text(dir.file("fields.csv"), kHeader + "a.jpg,1,2,3\n");
  EXPECT_NE(error_of(dir.file("fields.csv")).find("fields.csv:2: expected 11 fields, got 4"), std::string::npos);
  test::write_text(dir.file("vote.csv"), kHeader + "a.jpg,1,0,0,0,0,0,0,0,0,0\nb.jpg,1,x,0,0,0,0,0,0,0,0\n");
  EXPECT_NE(error_of(dir.file("vote.csv")).find("vote.csv:3: vote 'x' in column 3"), std::string::npos);
  test::write_text(dir.file("twice.csv"), kHeader + "a.jpg,1,0,0,0,0,0,0,0,0,0\na.jpg,1,0,0,0,0,0,0,0,0,0\n");
  EXPECT_NE(error_of(dir.file("twice.csv")).find("twice.csv:3: file a.jpg is listed twice"), std::string::npos);
  EXPECT_NE(error_of(dir.file("missing.csv")).find("missing.csv: cannot open"), std::string::npos);
}

TEST(FerPlusCsv, NoMatchingFileIsAnErrorNamingTheTable) {
  const TempDir dir;
  test::write_text(dir.file("ferplus.csv"), kHeader + "test/angry/a.jpg,0,9,1,0,0,0,0,0,0,0\n");
  FaceDataset faces;
  faces.add(test::pattern_face(1).data(), 0, Split::PublicTest, "angry/a.jpg");
  try {
    relabel_with_ferplus(faces, load_ferplus_csv(dir.file("ferplus.csv")));
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("ferplus.csv: none of the 1 faces has a row"), std::string::npos) << e.what();
  }
}

// --ferplus wins; else the table at the data set's root; else an error that
// says what asked for the votes and how to name a file.
TEST(FerPlusCsv, TheVotesFileIsTheOneGivenOrTheOneAtTheRoot) {
  const TempDir with, without;
  test::write_text(with.file("ferplus.csv"), kHeader);
  EXPECT_EQ(ferplus_csv_for("", with.path().string(), "--labels ferplus"), with.file("ferplus.csv"));
  EXPECT_EQ(ferplus_csv_for("/elsewhere/votes.csv", with.path().string(), "--labels ferplus"), "/elsewhere/votes.csv");
  try {
    ferplus_csv_for("", without.path().string(), "--val-labels ferplus-majority");
    FAIL() << "expected a UsageError";
  } catch (const UsageError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("--val-labels ferplus-majority: " + without.path().string(), 0), 0u) << message;
    EXPECT_NE(message.find("name one with --ferplus FILE"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace ferlab
