#include "train/teacher_cache.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/temp_dir.hpp"

namespace ferlab {
namespace {

FaceDataset two_faces(uint8_t first_pixel) {
  FaceDataset faces;
  uint8_t pixels[kFacePixels] = {};
  pixels[0] = first_pixel;
  faces.add(pixels, 1, Split::Train, "a.png");
  faces.add(pixels, 2, Split::Train, "b.png");
  return faces;
}

// Counts its calls; calls every face class 3 with certainty 0.9.
struct CountingTeacher {
  int calls = 0;
  TeacherFunction function() {
    return [this](const FaceDataset& faces) {
      ++calls;
      std::vector<ClassDistribution> out(faces.size(), ClassDistribution{});
      for (auto& p : out) p = {0.1f / 6, 0.1f / 6, 0.1f / 6, 0.9f, 0.1f / 6, 0.1f / 6, 0.1f / 6};
      return out;
    };
  }
};

TEST(TeacherCache, AResumedRunReadsThePredictionsInsteadOfAskingAgain) {
  test::TempDir dir("teacher-cache");
  const std::string path = dir.file("teacher.bin");
  CountingTeacher teacher;
  const auto first = cached_teacher_predictions(path, "ensemble(cnn, resnet18)", two_faces(7), teacher.function());
  const auto again = cached_teacher_predictions(path, "ensemble(cnn, resnet18)", two_faces(7), teacher.function());
  EXPECT_EQ(teacher.calls, 1);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1], first[1]);
  EXPECT_FLOAT_EQ(again[1][3], 0.9f);
}

TEST(TeacherCache, OtherFacesAnotherTeacherOrADamagedFileAskTheTeacherAgain) {
  test::TempDir dir("teacher-stale");
  const std::string path = dir.file("teacher.bin");
  CountingTeacher teacher;
  cached_teacher_predictions(path, "cnn", two_faces(7), teacher.function());
  cached_teacher_predictions(path, "cnn", two_faces(8), teacher.function());  // other pixels
  EXPECT_EQ(teacher.calls, 2);
  cached_teacher_predictions(path, "resnet18", two_faces(8), teacher.function());
  EXPECT_EQ(teacher.calls, 3);
  {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-3, std::ios::end);
    file.put('\x55');  // inside the last prediction
  }
  const auto repaired = cached_teacher_predictions(path, "resnet18", two_faces(8), teacher.function());
  EXPECT_EQ(teacher.calls, 4);
  EXPECT_FLOAT_EQ(repaired[1][3], 0.9f);
  cached_teacher_predictions(path, "resnet18", two_faces(8), teacher.function());
  EXPECT_EQ(teacher.calls, 4);  // the repaired file is used again
}

}  // namespace
}  // namespace ferlab
