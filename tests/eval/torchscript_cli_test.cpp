// `ferlab eval` on a model that PyTorch wrote: the predictions PyTorch makes,
// face by face (FER-2013's PublicTest when it is beside the repository).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

#include "core/emotion.hpp"
#include "eval_test_support.hpp"
#include "support/run_ferlab.hpp"
#include "support/torchscript_fixtures.hpp"

namespace ferlab {
namespace {
namespace fs = std::filesystem;

// PublicTest when present, else class folders of generated faces.
std::string evaluation_data(const test::TempDir& dir) {
  const std::string fer = std::string(FERLAB_SHARED_DIR) + "/fer2013";
  if (fs::is_directory(fer + "/test/happy")) return fer;
  const std::vector<uint8_t> faces = testing::random_faces(10 * kNumEmotions, 4);
  for (int c = 0; c < kNumEmotions; ++c) {
    const fs::path folder = dir.path() / "faces" / "test" / std::string(emotion_name(c));
    fs::create_directories(folder);
    for (int k = 0; k < 10; ++k)
      cv::imwrite((folder / (std::to_string(k) + ".png")).string(),
                  cv::Mat(48, 48, CV_8UC1, const_cast<uint8_t*>(faces.data() + (10 * c + k) * 2304)));
  }
  return (dir.path() / "faces").string();
}

TEST(TorchScriptEval, EvalGivesPyTorchsPredictionOnEveryFace) {
  if (!test::have_pytorch()) GTEST_SKIP() << "no python3-torch (scripts/setup.sh installs it)";
  ASSERT_FALSE(test::torchscript_fixtures().empty());
  test::TempDir dir("ts-eval");
  const std::string model = test::torchscript_fixtures() + "/scripted_cnn.pt";
  const std::string data = evaluation_data(dir);
  const auto run = test::run_ferlab("--threads 2 eval --data " + data + " --model " + model +
                                    " --json " + dir.file("eval.json"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream in(dir.file("eval.json"));
  const nlohmann::json report = nlohmann::json::parse(in);
  const auto& rows = report.at("predictions");
  ASSERT_GE(rows.size(), 70u);
  std::vector<uint8_t> faces;
  for (const auto& row : rows) {
    const cv::Mat face = cv::imread(data + "/" + row.at("source").get<std::string>(), cv::IMREAD_GRAYSCALE);
    ASSERT_EQ(face.size(), cv::Size(48, 48)) << row.at("source");
    faces.insert(faces.end(), face.data, face.data + 2304);
  }
  const std::vector<float> logits = test::pytorch_logits(model, faces, rows.size(), dir);
  ASSERT_EQ(logits.size(), rows.size() * 7);
  size_t same = 0, near_ties = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const float* l = logits.data() + i * 7;
    const int theirs = static_cast<int>(std::max_element(l, l + 7) - l);
    const int ours = *emotion_from_name(rows[i].at("predicted").get<std::string>());
    if (ours == theirs) {
      ++same;
    } else {
      // Only where two classes are within float rounding of each other.
      EXPECT_NEAR(l[ours], l[theirs], 1e-4f) << rows[i].at("source");
      ++near_ties;
    }
  }
  EXPECT_GE(static_cast<double>(same) / static_cast<double>(rows.size()), 0.998) << near_ties << " near ties";
}

TEST(TorchScriptEval, AModelWithoutAClassIsScoredOnWhatItHasAndEvalSaysSo) {
  if (!test::have_pytorch()) GTEST_SKIP() << "no python3-torch (scripts/setup.sh installs it)";
  ASSERT_FALSE(test::torchscript_fixtures().empty());
  test::TempDir dir("ts-eval-six");
  const auto run = test::run_ferlab("--threads 2 eval --data " + evaluation_data(dir) + " --max 200 --model " +
                                    test::torchscript_fixtures() + "/six_classes.pt --json " + dir.file("eval.json"));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("classes: six_classes has no output for neutral: faces labelled so count as its errors"),
            std::string::npos)
      << run.output;
  std::ifstream in(dir.file("eval.json"));
  const nlohmann::json report = nlohmann::json::parse(in);
  for (const auto& row : report.at("predictions")) EXPECT_NE(row.at("predicted"), "neutral");
}

}  // namespace
}  // namespace ferlab
