// `ferlab eval` and `ferlab predict` run as a user runs them: the built binary,
// generated data on disk, a real (randomly initialised) saved model.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "support/run_ferlab.hpp"
#include "core/atomic_file.hpp"
#include "eval_test_support.hpp"

namespace ferlab {
namespace {
namespace fs = std::filesystem;

using RunResult = test::CommandResult;

RunResult run_ferlab(const std::string& args) { return test::run_ferlab("--threads 2 " + args); }

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class EvalCli : public testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    model_ = testing::save_random_model(dir_, "cli-cnn", 5);
  }

  // root/test/<class>/<k>.png, two faces per class.
  std::string make_folder_dataset() {
    const fs::path root = dir_ / "folders";
    const std::vector<uint8_t> faces = testing::random_faces(2 * kNumEmotions, 8);
    for (int c = 0; c < kNumEmotions; ++c) {
      const fs::path class_dir = root / "test" / std::string(emotion_name(c));
      fs::create_directories(class_dir);
      for (int k = 0; k < 2; ++k) {
        const cv::Mat face(kFaceSize, kFaceSize, CV_8UC1,
                           const_cast<uint8_t*>(faces.data() + (2 * c + k) * kFacePixels));
        cv::imwrite((class_dir / (std::to_string(k) + ".png")).string(), face);
      }
    }
    return root.string();
  }

  // FER-2013 CSV: `emotion,pixels,Usage`, one row per class with the given usage.
  std::string make_csv_dataset(const std::string& usage) {
    const std::vector<uint8_t> faces = testing::random_faces(kNumEmotions, 9);
    std::ostringstream csv;
    csv << "emotion,pixels,Usage\n";
    for (int c = 0; c < kNumEmotions; ++c) {
      csv << c << ",";
      for (int p = 0; p < kFacePixels; ++p) csv << (p ? " " : "") << int(faces[c * kFacePixels + p]);
      csv << "," << usage << "\n";
    }
    write_text_atomically(path("faces.csv"), csv.str());
    return path("faces.csv");
  }

  std::string model_;
};

TEST_F(EvalCli, EvalWithMissingDataPathExitsOneNamingIt) {
  const RunResult r = run_ferlab("eval --model " + model_ + " --data " + path("no-such-dir"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, path("no-such-dir"))) << r.output;
}

TEST_F(EvalCli, EvalOnFolderDatasetPrintsMatrixAndWritesJsonAndCsv) {
  const std::string data = make_folder_dataset();
  const RunResult r = run_ferlab("eval --model " + model_ + " --data " + data + " --json " + path("eval.json") +
                                 " --csv " + path("cm.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "true\\pred")) << r.output;
  EXPECT_TRUE(contains(r.output, "macro-F1")) << r.output;
  EXPECT_TRUE(contains(r.output, "surprise")) << r.output;

  const nlohmann::json j = nlohmann::json::parse(read_text_file(path("eval.json")));
  EXPECT_EQ(j["samples"], 2 * kNumEmotions);
  EXPECT_EQ(j["split"], "test");
  EXPECT_EQ(j["models"], nlohmann::json::array({"cli-cnn"}));
  EXPECT_EQ(j["confusion_matrix"]["per_class"]["fear"]["support"], 2);
  EXPECT_EQ(j["predictions"].size(), 2u * kNumEmotions);

  const std::string csv = read_text_file(path("cm.csv"));
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "true\\predicted,angry,disgust,fear,happy,sad,surprise,neutral");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 8);
}

TEST_F(EvalCli, EvalOnCsvDatasetWithTtaAndEnsemble) {
  const std::string data = make_csv_dataset("PublicTest");
  const std::string other = testing::save_random_model(dir_, "cli-cnn-2", 6);
  const RunResult r = run_ferlab("eval --model " + model_ + " --model " + other + " --tta flip --data " + data +
                                 " --json " + path("eval.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "ensemble(cli-cnn, cli-cnn-2)")) << r.output;
  const nlohmann::json j = nlohmann::json::parse(read_text_file(path("eval.json")));
  EXPECT_EQ(j["samples"], kNumEmotions);
  EXPECT_EQ(j["tta"], "flip");
}

TEST_F(EvalCli, EvalOnEmptySplitExitsOneSayingSo) {
  const std::string data = make_csv_dataset("Training");
  const RunResult r = run_ferlab("eval --model " + model_ + " --data " + data + " --split test");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "empty")) << r.output;
  EXPECT_TRUE(contains(r.output, "7 train")) << r.output;
}

TEST_F(EvalCli, EvalWithUnknownModelNamesWhatWasLookedFor) {
  const RunResult r = run_ferlab("eval --model " + path("missing-model") + " --data " + make_csv_dataset("PublicTest"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, path("missing-model.safetensors"))) << r.output;
}

TEST_F(EvalCli, PredictReportsTheBadFileAndStillPrintsTheGoodOne) {
  const std::string good = path("good.png");
  cv::imwrite(good, cv::Mat(64, 64, CV_8UC3, cv::Scalar(90, 120, 200)));
  const std::string bad = path("bad.jpg");
  std::ofstream(bad) << "not an image";
  const RunResult r = run_ferlab("predict " + bad + " " + good + " --model " + model_);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, bad)) << r.output;
  EXPECT_TRUE(contains(r.output, "1 of 2")) << r.output;
  // The good file's row: its name, then the top class and seven probabilities.
  const size_t row = r.output.find(good + " ");
  ASSERT_NE(row, std::string::npos) << r.output;
  std::istringstream fields(r.output.substr(row + good.size()));
  std::string top;
  fields >> top;
  EXPECT_TRUE(emotion_from_name(top).has_value()) << top;
  double sum = 0;
  for (int c = 0; c < kNumEmotions; ++c) {
    double p = -1;
    fields >> p;
    sum += p;
  }
  EXPECT_NEAR(sum, 1.0, 1e-3);
}

TEST_F(EvalCli, PredictOnAWholePhotoClassifiesItAndPointsToImage) {
  const std::string photo = path("group.png"), crop = path("crop.png");
  cv::imwrite(photo, cv::Mat(500, 800, CV_8UC3, cv::Scalar(90, 120, 200)));
  cv::imwrite(crop, cv::Mat(120, 110, CV_8UC1, cv::Scalar(100)));
  const RunResult r = run_ferlab("predict " + photo + " " + crop + " --model " + model_);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, photo + " is 800x500 pixels")) << r.output;
  EXPECT_TRUE(contains(r.output, "`ferlab image " + photo + "`")) << r.output;
  EXPECT_FALSE(contains(r.output, crop + " is ")) << r.output;
}

TEST_F(EvalCli, PredictJsonListsProbabilitiesByClass) {
  const std::string good = path("good.png");
  cv::imwrite(good, cv::Mat(48, 48, CV_8UC1, cv::Scalar(100)));
  const RunResult r = run_ferlab("predict " + good + " --json --tta tencrop --model " + model_);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["tta"], "tencrop");
  ASSERT_EQ(j["predictions"].size(), 1u);
  EXPECT_EQ(j["predictions"][0]["image"], good);
  EXPECT_EQ(j["predictions"][0]["probabilities"].size(), 7u);
  EXPECT_TRUE(j["errors"].empty());
}

TEST_F(EvalCli, PredictWithAModelThatGivesNanIsAnErrorNotAClass) {
  LoadedModel broken = load_model(model_);
  {
    torch::NoGradGuard no_grad;
    for (auto& [name, tensor] : model_state(broken.net))
      if (tensor.is_floating_point()) tensor.fill_(std::numeric_limits<float>::quiet_NaN());
  }
  save_model(path("nan-cnn.safetensors"), broken.net, broken.card);
  const std::string face = path("face.png");
  cv::imwrite(face, cv::Mat(48, 48, CV_8UC1, cv::Scalar(100)));
  const RunResult r = run_ferlab("predict " + face + " --model " + path("nan-cnn.safetensors"));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "produced a non-finite probability (NaN or infinity) for face 1 of 1")) << r.output;
  for (const auto name : emotion_names())
    EXPECT_FALSE(contains(r.output, face + "  " + std::string(name))) << r.output;
}

TEST_F(EvalCli, PredictOnATruncatedJpegIsAnErrorNamingTheFile) {
  cv::Mat face(48, 48, CV_8UC1);
  cv::randu(face, 0, 255);
  std::vector<uchar> jpeg;
  ASSERT_TRUE(cv::imencode(".jpg", face, jpeg));
  const std::string cut = path("cut.jpg");
  std::ofstream(cut, std::ios::binary).write(reinterpret_cast<const char*>(jpeg.data()),
                                            static_cast<std::streamsize>(jpeg.size() / 2));
  const RunResult r = run_ferlab("predict " + cut + " --model " + model_);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, cut + ": truncated JPEG")) << r.output;
}

TEST_F(EvalCli, EvalRefusesAJsonReportOverTheModelsOwnCard) {
  const std::string card = path("cli-cnn.json");
  const std::string before = read_text_file(card);
  const RunResult r = run_ferlab("eval --model " + model_ + " --data " + make_csv_dataset("PublicTest") + " --json " + card);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_TRUE(contains(r.output, "--json " + card + " is also an input")) << r.output;
  EXPECT_EQ(read_text_file(card), before);
}

TEST_F(EvalCli, CalibrationPrintsScoresPerModelAndEnsembleAndDrawsTheDiagram) {
  const std::string data = make_folder_dataset();
  const std::string other = testing::save_random_model(dir_, "cli-cnn-2", 6);
  const RunResult r = run_ferlab("eval --model " + model_ + " --model " + other + " --data " + data +
                                 " --calibration --reliability " + path("rel.png") + " --json " + path("eval.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "calibration (15 equal-width confidence bins")) << r.output;
  for (const std::string name : {"cli-cnn ", "cli-cnn-2 ", "ensemble(cli-cnn, cli-cnn-2) "})
    EXPECT_TRUE(contains(r.output, "\n" + name)) << "no calibration row for " << name << "\n" << r.output;
  const cv::Mat png = cv::imread(path("rel.png"));
  ASSERT_FALSE(png.empty());
  EXPECT_EQ(png.cols, 3 * 520);  // one panel per member and one for the ensemble

  const nlohmann::json j = nlohmann::json::parse(read_text_file(path("eval.json")));
  ASSERT_EQ(j["calibration"].size(), 3u);
  const nlohmann::json& ensemble = j["calibration"][2];
  EXPECT_EQ(ensemble["model"], "ensemble(cli-cnn, cli-cnn-2)");
  size_t counted = 0;
  for (const auto& bin : ensemble["reliability"]) counted += bin["count"].get<size_t>();
  EXPECT_EQ(counted, 2u * kNumEmotions);
  EXPECT_GE(ensemble["ece"].get<double>(), 0.0);
  EXPECT_GT(ensemble["nll"].get<double>(), 0.0);
}

TEST_F(EvalCli, CalibrationOfOneModelIsOneRowAndOnePanel) {
  const RunResult r = run_ferlab("eval --model " + model_ + " --data " + make_folder_dataset() +
                                 " --reliability " + path("one.png") + " --json " + path("one.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(read_text_file(path("one.json")))["calibration"].size(), 1u);
  EXPECT_EQ(cv::imread(path("one.png")).cols, 520);
}

TEST_F(EvalCli, CalibrateWritesTheTemperatureAndEvalThenUsesIt) {
  const std::string data = make_folder_dataset();
  const RunResult before = run_ferlab("eval --model " + model_ + " --data " + data + " --json " + path("before.json"));
  ASSERT_EQ(before.exit_code, 0) << before.output;
  const RunResult fit = run_ferlab("calibrate --model " + model_ + " --data " + data);
  ASSERT_EQ(fit.exit_code, 0) << fit.output;
  EXPECT_TRUE(contains(fit.output, "wrote the temperature into the card")) << fit.output;

  const nlohmann::json card = nlohmann::json::parse(read_text_file(path("cli-cnn.json")));
  ASSERT_TRUE(card.contains("calibration")) << card.dump(2);
  const double t = card["calibration"]["temperature"];
  EXPECT_GE(t, 0.05);
  EXPECT_LE(t, 20.0);
  EXPECT_EQ(card["calibration"]["split"], "test");
  EXPECT_EQ(card["calibration"]["labels"], "fer2013");
  EXPECT_LE(card["calibration"]["ece_after"].get<double>(), card["calibration"]["ece_before"].get<double>() + 1e-9);

  const RunResult after = run_ferlab("eval --model " + model_ + " --data " + data + " --json " + path("after.json"));
  ASSERT_EQ(after.exit_code, 0) << after.output;
  const nlohmann::json a = nlohmann::json::parse(read_text_file(path("after.json")));
  const nlohmann::json b = nlohmann::json::parse(read_text_file(path("before.json")));
  // Same predictions (dividing logits by T > 0 keeps their order), other probabilities.
  EXPECT_EQ(a["accuracy"], b["accuracy"]);
  EXPECT_NE(a["predictions"][0]["probabilities"], b["predictions"][0]["probabilities"]);
}

TEST_F(EvalCli, FerPlusLabelsFromTheDataRootAreScoredAndLeftOutFacesCounted) {
  const std::string data = make_folder_dataset();
  std::string csv = "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";
  csv += "test/angry/0.png,0,10,0,0,0,0,0,0,0,0\n";  // relabelled happy
  csv += "test/angry/1.png,5,5,0,0,0,0,0,0,0,0\n";   // tie: left out
  csv += "test/fear/0.png,0,0,0,0,0,0,0,0,0,10\n";   // not a face: left out
  for (int c = 1; c < kNumEmotions; ++c)
    for (int k = 0; k < 2; ++k)
      if (!(c == 2 && k == 0))
        csv += "test/" + std::string(emotion_name(c)) + "/" + std::to_string(k) + ".png,10,0,0,0,0,0,0,0,0,0\n";
  write_text_atomically(data + "/ferplus.csv", csv);
  const RunResult r = run_ferlab("eval --model " + model_ + " --data " + data + " --labels ferplus --json " +
                                 path("eval.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "12 faces kept (10 relabelled), 2 left out: 0 without a row, 1 ties, 0 contempt, "
                                 "0 unknown, 1 not a face"))
      << r.output;
  const nlohmann::json j = nlohmann::json::parse(read_text_file(path("eval.json")));
  EXPECT_EQ(j["samples"], 12);
  EXPECT_EQ(j["labels"], "ferplus");
  EXPECT_EQ(j["confusion_matrix"]["per_class"]["neutral"]["support"], 11);
  EXPECT_EQ(j["confusion_matrix"]["per_class"]["happy"]["support"], 1);
  EXPECT_EQ(j["ferplus"]["tie"], 1);
  EXPECT_EQ(j["ferplus"]["not_face"], 1);
  EXPECT_EQ(j["ferplus"]["relabelled"], 10);

  const RunResult missing = run_ferlab("eval --model " + model_ + " --data " + data + " --labels ferplus --ferplus " +
                                       path("nope.csv"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.output, path("nope.csv") + ": cannot open FER+ label file")) << missing.output;
}

// A model trained towards the crowd is calibrated against the crowd. Here the
// crowd votes for whatever the model predicts: fitted on its majority, the model
// is always right and its temperature sharpens (T < 1); on FER-2013's labels,
// which this random model mostly misses, it flattens.
TEST_F(EvalCli, CalibrateOnTheCrowdsLabelsFitsOnThemAndSaysSoInTheCard) {
  const std::string data = make_folder_dataset();
  const RunResult scored = run_ferlab("eval --model " + model_ + " --data " + data + " --json " + path("eval.json"));
  ASSERT_EQ(scored.exit_code, 0) << scored.output;
  // FER+ columns, in the CSV's order, of the emotions in the canonical order.
  const std::map<std::string, int> column = {{"neutral", 0}, {"happy", 1}, {"surprise", 2}, {"sad", 3},
                                             {"angry", 4},   {"disgust", 5}, {"fear", 6}};
  std::string csv = "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";
  int relabelled = 0;
  const nlohmann::json report = nlohmann::json::parse(read_text_file(path("eval.json")));
  ASSERT_EQ(report["predictions"].size(), 2u * kNumEmotions);
  for (const nlohmann::json& p : report["predictions"]) {
    const std::string file = p["source"].get<std::string>();  // relative to the data root
    std::vector<int> votes(10, 0);
    votes[column.at(p["predicted"].get<std::string>())] = 10;
    csv += file;
    for (const int v : votes) csv += "," + std::to_string(v);
    csv += "\n";
    relabelled += p["predicted"] != p["true"];
  }
  write_text_atomically(data + "/ferplus.csv", csv);

  const RunResult fer = run_ferlab("calibrate --dry-run --model " + model_ + " --data " + data);
  ASSERT_EQ(fer.exit_code, 0) << fer.output;
  const RunResult crowd = run_ferlab("calibrate --model " + model_ + " --data " + data + " --labels ferplus");
  ASSERT_EQ(crowd.exit_code, 0) << crowd.output;
  EXPECT_TRUE(contains(crowd.output, "14 faces kept (" + std::to_string(relabelled) + " relabelled), 0 left out"))
      << crowd.output;
  EXPECT_TRUE(contains(crowd.output, "14 faces, ferplus labels")) << crowd.output;
  EXPECT_TRUE(contains(fer.output, "14 faces, fer2013 labels")) << fer.output;

  const nlohmann::json card = nlohmann::json::parse(read_text_file(path("cli-cnn.json")));
  EXPECT_EQ(card["calibration"]["labels"], "ferplus");
  // The printed temperatures: the row after the header names the model, then T.
  const auto temperature = [](const std::string& output) {
    const size_t row = output.find("\ncli-cnn ");
    return row == std::string::npos ? -1.0 : std::stod(output.substr(row + 9));
  };
  ASSERT_GT(temperature(fer.output), 0) << fer.output;
  EXPECT_DOUBLE_EQ(temperature(crowd.output), std::round(card["calibration"]["temperature"].get<double>() * 1e4) / 1e4);
  EXPECT_LT(temperature(crowd.output), 1.0) << crowd.output;
  EXPECT_GT(temperature(fer.output), 1.0) << fer.output;

  const RunResult stray = run_ferlab("calibrate --model " + model_ + " --data " + data + " --ferplus " + data +
                                     "/ferplus.csv");
  EXPECT_EQ(stray.exit_code, 1) << stray.output;
  EXPECT_TRUE(contains(stray.output, "--ferplus FILE only applies with --labels ferplus")) << stray.output;
}

TEST_F(EvalCli, ExcludeDuplicatesLeavesOutTestFacesSeenInTrain) {
  const std::string data = make_folder_dataset();
  fs::create_directories(fs::path(data) / "train" / "happy");
  fs::copy_file(fs::path(data) / "test" / "sad" / "1.png", fs::path(data) / "train" / "happy" / "copy.png");
  const std::vector<uint8_t> other = testing::random_faces(1, 77);
  cv::imwrite(data + "/train/happy/other.png", cv::Mat(kFaceSize, kFaceSize, CV_8UC1, const_cast<uint8_t*>(other.data())));
  const RunResult r =
      run_ferlab("eval --model " + model_ + " --data " + data + " --exclude-duplicates --json " + path("eval.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(read_text_file(path("eval.json")));
  EXPECT_EQ(j["duplicates_excluded"]["left_out"], 1);
  EXPECT_EQ(j["samples"], 13);
  EXPECT_TRUE(contains(r.output, "left out 1 of 14 faces that have an exact or near duplicate among the 2 train faces"))
      << r.output;
  EXPECT_TRUE(contains(r.output, "split test, 13 faces")) << r.output;
}

TEST_F(EvalCli, CompareGivesIntervalsMcNemarAndTheConfusionDifference) {
  const std::string data = make_folder_dataset();
  const std::string other = testing::save_random_model(dir_, "cli-cnn-2", 6);
  const RunResult r = run_ferlab("eval --data " + data + " --compare " + model_ + " " + other + " --json " +
                                 path("eval.json"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(contains(r.output, "95 % percentile-bootstrap intervals")) << r.output;
  EXPECT_TRUE(contains(r.output, "cli-cnn vs cli-cnn-2: only the first right")) << r.output;
  EXPECT_TRUE(contains(r.output, "confusion counts of cli-cnn-2 minus cli-cnn")) << r.output;
  const nlohmann::json j = nlohmann::json::parse(read_text_file(path("eval.json")));
  const nlohmann::json& pair = j["comparison"]["mcnemar"][0];
  EXPECT_EQ(pair["both_correct"].get<int>() + pair["both_wrong"].get<int>() + pair["only_a_correct"].get<int>() +
                pair["only_b_correct"].get<int>(),
            2 * kNumEmotions);
  const double p = pair["p_value"];
  EXPECT_GT(p, 0.0);
  EXPECT_LE(p, 1.0);
  const nlohmann::json& first = j["comparison"]["models"][0];
  EXPECT_LE(first["accuracy_ci95"][0].get<double>(), first["accuracy"].get<double>());
  EXPECT_GE(first["accuracy_ci95"][1].get<double>(), first["accuracy"].get<double>());

  const RunResult both = run_ferlab("eval --data " + data + " --model " + model_ + " --compare " + model_ + " " + other);
  EXPECT_EQ(both.exit_code, 1);
  EXPECT_TRUE(contains(both.output, "either with --model or with --compare")) << both.output;
}

}  // namespace
}  // namespace ferlab
