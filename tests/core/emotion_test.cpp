#include "core/emotion.hpp"

#include <gtest/gtest.h>

#include "core/face_dataset.hpp"

namespace ferlab {

TEST(Emotion, CanonicalOrderIsFer2013CsvOrder) {
  EXPECT_STREQ(emotion_name(0), "angry");
  EXPECT_STREQ(emotion_name(4), "sad");
  EXPECT_STREQ(emotion_name(5), "surprise");
  EXPECT_STREQ(emotion_name(6), "neutral");
}

TEST(Emotion, FolderNamesMapByNameNotPosition) {
  // Alphabetical folder order is angry, disgust, fear, happy, neutral, sad, surprise.
  EXPECT_EQ(emotion_from_name("neutral"), 6);
  EXPECT_EQ(emotion_from_name("sad"), 4);
  EXPECT_EQ(emotion_from_name("Surprise"), 5);
  EXPECT_FALSE(emotion_from_name("contempt").has_value());
}

TEST(Emotion, CsvCodesOutsideZeroToSixAreRejected) {
  EXPECT_EQ(emotion_from_csv_code(3), 3);
  EXPECT_FALSE(emotion_from_csv_code(7).has_value());
  EXPECT_FALSE(emotion_from_csv_code(-1).has_value());
}

TEST(FaceDataset, SubsetBySplitKeepsPixelsLabelsAndSources) {
  FaceDataset ds;
  std::vector<uint8_t> a(kFacePixels, 10), b(kFacePixels, 20);
  ds.add(a.data(), 3, Split::Train, "a");
  ds.add(b.data(), 6, Split::PublicTest, "b");
  const FaceDataset test = ds.subset(Split::PublicTest);
  ASSERT_EQ(test.size(), 1u);
  EXPECT_EQ(test.label(0), 6);
  EXPECT_EQ(test.image(0)[100], 20);
  EXPECT_EQ(test.source(0), "b");
  EXPECT_EQ(ds.class_counts(Split::Train)[3], 1u);
}

TEST(Split, AcceptsCsvUsageAndFolderNames) {
  EXPECT_EQ(split_from_name("Training"), Split::Train);
  EXPECT_EQ(split_from_name("PublicTest"), Split::PublicTest);
  EXPECT_EQ(split_from_name("test"), Split::PublicTest);
  EXPECT_EQ(split_from_name("PrivateTest"), Split::PrivateTest);
  EXPECT_FALSE(split_from_name("holdout").has_value());
}

}  // namespace ferlab
