#include <gtest/gtest.h>
#include <torch/torch.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "data/dataset_io.hpp"
#include "models/model_io.hpp"
#include "models/safetensors.hpp"
#include "planted_patterns.hpp"
#include "support/error_of.hpp"
#include "support/small_disk.hpp"
#include "train/checkpoint.hpp"
#include "train/run_directory.hpp"
#include "train/trainer.hpp"

namespace ferlab {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// One packed planted-pattern file shared by the tests of this binary.
const std::string& planted_data_path() {
  static TempDir dir("planted-data");
  static const std::string path = [] {
    const std::string p = dir / "planted.ferpack";
    save_packed(testing::planted_pattern_dataset(/*per_class=*/40, /*seed=*/11), p);
    return p;
  }();
  return path;
}

TrainConfig small_run(const std::string& out_dir, int epochs) {
  TrainConfig c;
  c.arch = "cnn";
  c.data_path = planted_data_path();
  c.out_dir = out_dir;
  c.epochs = epochs;
  c.batch_size = 32;
  c.warmup_epochs = 0;
  c.workers = 1;
  c.seed = 3;
  return c;
}

TrainCallbacks quiet() {
  TrainCallbacks callbacks;
  callbacks.show_progress = false;
  return callbacks;
}

TEST(Trainer, CnnLearnsPlantedPatternsAndKeepsTheBestModel) {
  TempDir run("learns");
  TrainConfig config = small_run(run / "cnn", 4);
  config.command_line = "ferlab train --model cnn (test)";
  const TrainResult result = train_model(config, quiet());

  ASSERT_EQ(result.history.size(), 4u);
  EXPECT_GE(result.best_val_accuracy, 0.90);  // chance is 14 %
  const auto loaded = load_model(result.best_weights_path);
  EXPECT_EQ(loaded.card.arch, "cnn");
  EXPECT_EQ(loaded.card.training.at("epochs_run"), 4);
  EXPECT_EQ(loaded.card.training.at("best_epoch"), result.best_epoch);
  EXPECT_EQ(loaded.card.training.at("seed"), 3);
  EXPECT_EQ(loaded.card.training.at("command"), "ferlab train --model cnn (test)");
  EXPECT_DOUBLE_EQ(loaded.card.metrics.at("val_accuracy").get<double>(), result.best_val_accuracy);

  const std::string log = read_text_file(run / "cnn/log.csv");
  EXPECT_EQ(log.rfind("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n", 0), 0u);
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 5);
}

int next_class(int label) { return (label + 1) % kNumEmotions; }

// A teacher that calls every face the next class: with all the weight on it,
// the network must learn the teacher's mapping, not the labels. Validated on
// faces labelled the teacher's way, so the best epoch is the best-taught one.
TEST(Trainer, ATeachersProbabilitiesAreWhatTheNetworkLearns) {
  TempDir run("teacher");
  FaceDataset relabelled;
  const FaceDataset val = load_dataset(planted_data_path()).subset(Split::PublicTest);
  for (size_t i = 0; i < val.size(); ++i)
    relabelled.add(val.image(i), next_class(val.label(i)), Split::PublicTest, val.source(i));
  save_packed(relabelled, run / "next-class-val.ferpack");

  TrainConfig config = small_run(run / "taught", 4);
  config.val_path = run / "next-class-val.ferpack";
  config.teacher_name = "next-class teacher";
  config.distill_weight = 1.0;
  config.teacher = [](const FaceDataset& train) {
    std::vector<ClassDistribution> out(train.size(), ClassDistribution{});
    for (size_t i = 0; i < train.size(); ++i) out[i][static_cast<size_t>(next_class(train.label(i)))] = 1;
    return out;
  };
  const TrainResult result = train_model(config, quiet());
  EXPECT_GE(result.best_val_accuracy, 0.80);
  // Training accuracy is scored against the faces' own labels, which the teacher never gives.
  EXPECT_LE(result.history.back().train_accuracy, 0.30);
  const auto card = load_model(result.best_weights_path).card;
  EXPECT_EQ(card.training.at("targets").at("teacher").at("model"), "next-class teacher");
  EXPECT_EQ(card.training.at("teacher").at("weight"), 1.0);
}

// The planted faces, each with its own file name (FER+ rows are keyed by
// file), packed at `path`.
FaceDataset save_named_planted_faces(const std::string& path) {
  const FaceDataset planted = load_dataset(planted_data_path());
  FaceDataset named;
  for (size_t i = 0; i < planted.size(); ++i)
    named.add(planted.image(i), planted.label(i), planted.split(i), "face" + std::to_string(i) + ".png");
  save_packed(named, path);
  return named;
}

// FER+ majority labels through a whole run: the faces the crowd leaves without
// a majority are not trained on, and the card says what the table did.
TEST(Trainer, FerPlusMajorityTrainsOnTheCrowdsLabelsAndRecordsWhatItLeftOut) {
  TempDir run("ferplus");
  const FaceDataset named = save_named_planted_faces(run / "named.ferpack");
  std::ofstream csv(run / "votes.csv");
  csv << "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";
  size_t rows = 0, ties = 0;
  for (size_t i = 0; i < named.size(); ++i) {
    if (named.split(i) != Split::Train || i % 3 == 0) continue;  // a third of the faces has no row
    ++rows;
    const bool tie = i % 5 == 0;
    ties += tie ? 1 : 0;
    csv << named.source(i) << (tie ? ",5,5,0,0,0,0,0,0,0,0\n" : ",0,9,0,0,0,0,0,0,1,0\n");
  }
  csv.close();

  TrainConfig config = small_run(run / "majority", 1);
  config.data_path = run / "named.ferpack";
  config.labels = "ferplus-majority";
  config.ferplus_path = run / "votes.csv";
  const TrainResult result = train_model(config, quiet());
  const auto card = load_model(result.best_weights_path).card;
  const auto& report = card.training.at("targets").at("ferplus");
  const size_t train_faces = named.count(Split::Train);
  EXPECT_EQ(report.at("left_out"), ties);
  EXPECT_EQ(report.at("without_row"), train_faces - rows);
  EXPECT_EQ(report.at("kept"), train_faces - ties);
  EXPECT_EQ(card.training.at("train_images"), train_faces - ties);
  EXPECT_EQ(card.training.at("labels"), "ferplus-majority");

  config.out_dir = run / "no-table";
  config.ferplus_path.clear();  // and the packed file has no ferplus.csv beside it
  EXPECT_NE(test::error_of<UsageError>([&] { train_model(config, quiet()); }).find("--ferplus FILE"), std::string::npos);
}

// Validation against the crowd: the best epoch is chosen by the FER+ majority
// of the validation faces. Here the crowd calls every test face with a row the
// class after its own, so a model that learned the planted labels scores high
// against FER-2013's labels and low against the crowd's.
TEST(Trainer, ValidatingOnTheCrowdsMajorityScoresTheCrowdsLabelsAndLeavesOutTies) {
  TempDir run("ferplus-val");
  const FaceDataset named = save_named_planted_faces(run / "named.ferpack");
  // FER+ columns: neutral, happiness, surprise, sadness, anger, disgust, fear (then contempt, unknown, NF),
  // indexed by the class order angry, disgust, fear, happy, sad, surprise, neutral.
  const int column_of_class[kNumEmotions] = {4, 5, 6, 1, 3, 2, 0};
  std::ofstream csv(run / "votes.csv");
  csv << "file,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF\n";
  size_t test_faces = 0, ties = 0;
  for (size_t i = 0; i < named.size(); ++i) {
    if (named.split(i) != Split::PublicTest) continue;
    ++test_faces;
    int votes[10] = {};
    if (i % 4 == 0) {  // a tie between two classes: no majority
      votes[0] = votes[1] = 5;
      ++ties;
    } else {
      votes[column_of_class[next_class(named.label(i))]] = 10;
    }
    csv << named.source(i);
    for (int v : votes) csv << ',' << v;
    csv << '\n';
  }
  csv.close();

  TrainConfig config = small_run(run / "fer2013", 4);
  config.data_path = run / "named.ferpack";
  const TrainResult against_labels = train_model(config, quiet());
  EXPECT_GE(against_labels.best_val_accuracy, 0.90);

  config.out_dir = run / "crowd";
  config.val_labels = "ferplus-majority";
  config.ferplus_path = run / "votes.csv";
  const TrainResult against_crowd = train_model(config, quiet());
  // The same training (same seed, same faces), scored against the shifted classes.
  ASSERT_EQ(against_crowd.history.size(), against_labels.history.size());
  EXPECT_DOUBLE_EQ(against_crowd.history.back().train_loss, against_labels.history.back().train_loss);
  EXPECT_GE(against_labels.history.back().val_accuracy, 0.90);
  EXPECT_LE(against_crowd.history.back().val_accuracy, 0.10);
  const auto card = load_model(against_crowd.best_weights_path).card;
  EXPECT_EQ(card.training.at("val_images"), test_faces - ties);
  EXPECT_EQ(card.training.at("targets").at("val_labels"), "ferplus-majority");
  EXPECT_EQ(card.training.at("targets").at("val_ferplus").at("left_out"), ties);
  EXPECT_NE(card.training.at("val_split").get<std::string>().find("ferplus-majority"), std::string::npos);

  config.out_dir = run / "no-table";
  config.ferplus_path.clear();
  EXPECT_NE(test::error_of<UsageError>([&] { train_model(config, quiet()); }).find("--val-labels"), std::string::npos);
  config.val_labels = "ferplus-soft";  // a validation face is scored against one label, not a distribution
  EXPECT_NE(test::error_of<UsageError>([&] { train_model(config, quiet()); }).find("unknown --val-labels 'ferplus-soft'"),
            std::string::npos);
}

std::map<std::string, torch::Tensor> weights_of(const std::string& path) {
  return read_safetensors(path).tensors;
}

void expect_same_weights(const std::string& a, const std::string& b) {
  const auto wa = weights_of(a), wb = weights_of(b);
  ASSERT_EQ(wa.size(), wb.size());
  for (const auto& [name, tensor] : wa) EXPECT_TRUE(torch::equal(tensor, wb.at(name))) << name;
}

// Trains `config` for 2 epochs straight, then again stopped after epoch 1 and
// resumed; returns both, having checked that they agree to the last bit.
std::pair<TrainResult, TrainResult> train_straight_and_resumed(TrainConfig config, const TempDir& run) {
  torch::set_num_threads(1);  // multi-threaded reductions may sum in a different order
  config.out_dir = run / "straight";
  TrainResult straight = train_model(config, quiet());

  config.out_dir = run / "interrupted";
  TrainCallbacks stop_after_first = quiet();
  stop_after_first.on_epoch_end = [](const EpochStats&) { return false; };
  EXPECT_EQ(train_model(config, stop_after_first).history.size(), 1u);
  // A checkpoint write killed half-way leaves its temporary file behind.
  std::ofstream(run / "interrupted/checkpoint.pt.tmp-99999") << "half a checkpoint";
  config.resume = true;
  TrainResult resumed = train_model(config, quiet());

  EXPECT_EQ(resumed.history.size(), 2u);
  EXPECT_FALSE(fs::exists(run / "interrupted/checkpoint.pt.tmp-99999"));
  for (size_t e = 0; e < std::min<size_t>(2, resumed.history.size()); ++e) {
    EXPECT_DOUBLE_EQ(resumed.history[e].train_loss, straight.history[e].train_loss) << "epoch " << e + 1;
    EXPECT_DOUBLE_EQ(resumed.history[e].val_loss, straight.history[e].val_loss) << "epoch " << e + 1;
    EXPECT_DOUBLE_EQ(resumed.history[e].lr, straight.history[e].lr) << "epoch " << e + 1;
    EXPECT_EQ(resumed.history[e].raw_val_accuracy, straight.history[e].raw_val_accuracy) << "epoch " << e + 1;
  }
  EXPECT_EQ(resumed.best_epoch, straight.best_epoch);
  expect_same_weights(straight.best_weights_path, resumed.best_weights_path);
  return {std::move(straight), std::move(resumed)};
}

TEST(Trainer, ResumedRunEndsExactlyLikeAnUninterruptedOne) {
  TempDir run("resume");
  TrainConfig config = small_run("", 2);
  config.max_train = 120;
  const auto [straight, resumed] = train_straight_and_resumed(config, run);
  EXPECT_FALSE(straight.history.back().raw_val_accuracy);
}

// The average and its update count travel in the checkpoint: at 4 updates an
// epoch the warm-up decay still depends on the count.
TEST(Trainer, ResumedRunWithAWeightAverageEndsExactlyLikeAnUninterruptedOne) {
  TempDir run("resume-ema");
  TrainConfig config = small_run("", 2);
  config.max_train = 120;
  config.ema_decay = 0.9;
  const auto [straight, resumed] = train_straight_and_resumed(config, run);
  ASSERT_TRUE(straight.history.back().raw_val_accuracy);
  const std::string log = read_text_file(run / "straight/log.csv");
  EXPECT_EQ(log.rfind("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds,raw_val_acc\n", 0), 0u) << log;
}

// Mixed batches are drawn per (seed, epoch, batch), so resuming redraws them alike.
TEST(Trainer, ResumedRunWithMixedBatchesEndsExactlyLikeAnUninterruptedOne) {
  TempDir run("resume-mix");
  TrainConfig config = small_run("", 2);
  config.max_train = 120;
  config.mixing = MixConfig{0.4, 1.0, 0.8};
  const auto [straight, resumed] = train_straight_and_resumed(config, run);
  EXPECT_EQ(load_model(straight.best_weights_path).card.training.at("mixing").at("cutmix_alpha"), 1.0);
}

// On soft, mixed targets the network still learns the planted classes, and
// its training loss is the soft one: above what the same run reaches unmixed.
TEST(Trainer, WithMixupAndCutMixTheCnnStillLearnsPlantedPatterns) {
  TempDir run("mixing");
  TrainConfig plain = small_run(run / "plain", 4);
  TrainConfig mixed = small_run(run / "mixed", 4);
  mixed.mixing = MixConfig{0.4, 1.0, 1.0};
  const TrainResult unmixed = train_model(plain, quiet());
  const TrainResult result = train_model(mixed, quiet());
  EXPECT_GE(result.best_val_accuracy, 0.80);  // chance is 14 %
  EXPECT_GT(result.history.back().train_loss, unmixed.history.back().train_loss);
}

TEST(Trainer, WithAWeightAverageTheAverageIsWhatIsSaved) {
  TempDir run("ema-saved");
  TrainConfig config = small_run(run / "cnn", 1);
  config.max_train = 120;
  config.ema_decay = 0.9;
  const TrainResult result = train_model(config, quiet());
  ASSERT_EQ(result.best_epoch, 1);  // the only epoch: best.safetensors holds its weights

  EmotionNet raw = make_model("cnn"), averaged = make_model("cnn");
  auto optimizer = torch::optim::AdamW(raw->parameters());
  ASSERT_TRUE(load_checkpoint(run / "cnn/checkpoint.pt", *raw, optimizer, torch::kCPU, averaged.get()).average_loaded);
  const auto saved = weights_of(result.best_weights_path);
  int differ_from_raw = 0;
  for (const auto& p : averaged->named_parameters()) {
    EXPECT_TRUE(torch::equal(saved.at(p.key()), p.value())) << p.key();
    differ_from_raw += !torch::equal(saved.at(p.key()), raw->named_parameters()[p.key()]);
  }
  EXPECT_GT(differ_from_raw, 0);
  EXPECT_EQ(load_model(result.best_weights_path).card.training.at("weight_average"),
            (nlohmann::json{{"name", "ema"}, {"decay", 0.9}}));
}

// A run started without --ema and resumed with it averages from then on.
TEST(Trainer, ResumingWithAWeightAverageStartsItFromTheCurrentWeights) {
  TempDir run("ema-later");
  TrainConfig config = small_run(run / "cnn", 2);
  config.max_train = 120;
  TrainCallbacks stop_after_first = quiet();
  stop_after_first.on_epoch_end = [](const EpochStats&) { return false; };
  train_model(config, stop_after_first);
  config.resume = true;
  config.ema_decay = 0.9;
  const TrainResult resumed = train_model(config, quiet());

  ASSERT_EQ(resumed.history.size(), 2u);
  EXPECT_FALSE(resumed.history[0].raw_val_accuracy);
  EXPECT_TRUE(resumed.history[1].raw_val_accuracy);
  const std::string log = read_text_file(run / "cnn/log.csv");
  const auto first_row = log.substr(log.find('\n') + 1, log.find('\n', log.find('\n') + 1) - log.find('\n') - 1);
  EXPECT_EQ(first_row.back(), ',') << "epoch 1 has no raw accuracy: an empty last field\n" << log;
}

TEST(Trainer, RefusesToOverwriteAnExistingRunWithoutResume) {
  TempDir run("overwrite");
  fs::create_directories(run / "taken");
  std::ofstream(run / "taken/log.csv") << "epoch\n";
  try {
    train_model(small_run(run / "taken", 1), quiet());
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--resume"), std::string::npos) << e.what();
  }
}

TEST(Trainer, ResumeRefusesADifferentArchitecture) {
  TempDir run("mismatch");
  TrainConfig config = small_run(run / "cnn", 1);
  config.max_train = 40;
  train_model(config, quiet());
  config.arch = "resemotenet";
  config.resume = true;
  try {
    train_model(config, quiet());
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("\"cnn\""), std::string::npos) << e.what();
  }
}

TEST(Trainer, EmptyValidationSplitIsADataErrorNamingTheFile) {
  TempDir run("noval");
  const std::string train_only = run / "train-only.ferpack";
  save_packed(testing::planted_pattern_dataset(3, 1).subset(Split::Train), train_only);
  TrainConfig config = small_run(run / "out", 1);
  config.data_path = train_only;
  try {
    train_model(config, quiet());
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find(train_only), std::string::npos) << e.what();
  }
}

TEST(Trainer, CudaDeviceWithoutCudaIsAClearError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "this LibTorch has CUDA";
  TempDir run("cuda");
  TrainConfig config = small_run(run / "out", 1);
  config.device = "cuda";
  EXPECT_THROW(train_model(config, quiet()), UsageError);
}

TEST(Trainer, DamagedCheckpointIsRefusedOnResumeNamingTheFile) {
  TempDir run("damaged");
  TrainConfig config = small_run(run / "cnn", 1);
  config.max_train = 40;
  train_model(config, quiet());
  const std::string checkpoint = run / "cnn/checkpoint.pt";
  const std::string good = read_text_file(checkpoint);
  config.resume = true;
  config.epochs = 2;

  std::string flipped = good;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x10);
  write_text_atomically(checkpoint, flipped);
  std::string message = test::error_of<ModelError>([&] { train_model(config, quiet()); });
  EXPECT_NE(message.find(checkpoint + ": checkpoint is corrupt: its CRC-32 does not match"), std::string::npos) << message;

  write_text_atomically(checkpoint, good.substr(0, good.size() - 100));
  message = test::error_of<ModelError>([&] { train_model(config, quiet()); });
  EXPECT_NE(message.find(checkpoint + ": not a FERLab checkpoint, or truncated"), std::string::npos) << message;

  write_text_atomically(checkpoint, good);
  EXPECT_EQ(train_model(config, quiet()).history.size(), 2u);
}

TEST(Trainer, ResumeRewritesALogThatIsShorterThanTheCheckpointsHistory) {
  TempDir run("short-log");
  TrainConfig config = small_run(run / "cnn", 2);
  config.max_train = 40;
  train_model(config, quiet());
  // A crash after the checkpoint was written and before log.csv was.
  write_text_atomically(run / "cnn/log.csv", "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n");
  config.resume = true;
  train_model(config, quiet());
  const std::string log = read_text_file(run / "cnn/log.csv");
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 3) << log;
}

TEST(Trainer, RepairRewritesBestJsonFromTheCardEmbeddedInTheWeights) {
  TempDir run("stale-card");
  TrainConfig config = small_run(run / "cnn", 1);
  config.max_train = 40;
  const TrainResult result = train_model(config, quiet());
  const RunPaths paths(run / "cnn");
  // A crash between best.safetensors and best.json leaves the previous best's card.
  write_text_atomically(paths.best_card, R"({"arch": "cnn", "metrics": {"val_accuracy": 0.01}})");
  repair_run_files(paths, result.history);
  const ModelCard card = load_model(paths.best_weights).card;
  EXPECT_EQ(card.to_json(), read_embedded_card(paths.best_weights).to_json());
  EXPECT_NE(card.metrics.at("val_accuracy"), 0.01);
}

TEST(Trainer, RunFilesThatWouldOverwriteTheTrainingDataAreRefusedBeforeLoading) {
  TempDir run("over-data");
  fs::create_directories(run / "cnn");
  fs::copy_file(planted_data_path(), run / "cnn/log.csv");  // --data happens to be where the log goes
  TrainConfig config = small_run(run / "cnn", 1);
  config.data_path = run / "cnn/log.csv";
  config.resume = true;
  const std::string message = test::error_of<UsageError>([&] { train_model(config, quiet()); });
  EXPECT_NE(message.find("--out " + run / "cnn/log.csv" + " is also an input"), std::string::npos) << message;
}

TEST(Trainer, ReadOnlyRunDirectoryIsRefusedBeforeTheDataIsLoaded) {
  const test::SmallDisk disk("64k", /*read_only=*/true);
  if (!disk.mounted()) GTEST_SKIP() << "mounting a read-only tmpfs needs root";
  TrainConfig config = small_run(disk / "", 1);
  config.data_path = "/nonexistent.ferpack";  // a DataError if it were read first
  const std::string message = test::error_of<UsageError>([&] { train_model(config, quiet()); });
  EXPECT_NE(message.find("cannot write in folder"), std::string::npos) << message;
  EXPECT_NE(message.find("Read-only file system"), std::string::npos) << message;
}

TEST(Trainer, FullDiskWhileCheckpointingIsAnErrorThatLeavesNoTemporaryFile) {
  // Room for best.safetensors and best.json, not for the checkpoint, which also
  // holds AdamW's two moments of every weight.
  const int64_t weight_bytes = 4 * count_parameters(make_model("cnn"));
  const test::SmallDisk disk(std::to_string((2 * weight_bytes + (256 << 10)) / 1024) + "k");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs root";
  TrainConfig config = small_run(disk / "run", 1);
  config.max_train = 40;
  const std::string message = test::error_of<Error>([&] { train_model(config, quiet()); });
  EXPECT_NE(message.find("checkpoint.pt failed: No space left on device"), std::string::npos) << message;
  for (const auto& entry : fs::directory_iterator(disk / "run"))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace ferlab
