#include "models/model_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "models/safetensors.hpp"

namespace ferlab {
namespace {
namespace fs = std::filesystem;

class ModelFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ferlab_models_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // A trained-looking network: random weights and non-trivial BatchNorm statistics.
  static EmotionNet trained(const std::string& arch, const nlohmann::json& options = nlohmann::json::object()) {
    torch::manual_seed(1);
    auto net = make_model(arch, options);
    net->train();
    torch::NoGradGuard no_grad;
    for (int i = 0; i < 3; ++i) net->forward(torch::randn({8, 1, 48, 48}) * 2 + 0.3);
    net->eval();
    return net;
  }
  static ModelCard card_for(const std::string& arch) {
    ModelCard card;
    card.name = arch + "-test";
    card.arch = arch;
    card.training = {{"epochs", 3}};
    return card;
  }

  fs::path dir_;
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ModelError& e) {
    return e.what();
  }
  return "(no ModelError)";
}

TEST_F(ModelFiles, RoundTripGivesBitwiseIdenticalOutputsForEveryArchitecture) {
  const auto x = torch::randn({3, 1, 48, 48});
  for (const auto& arch : model_architectures()) {
    const auto net = trained(arch);
    save_model(path(arch + ".safetensors"), net, card_for(arch));
    const auto loaded = load_model(path(arch));
    EXPECT_FALSE(loaded.net->is_training());
    EXPECT_EQ(loaded.card.arch, arch);
    EXPECT_TRUE(torch::equal(net->forward(x), loaded.net->forward(x))) << arch;
  }
}

TEST_F(ModelFiles, HalfPrecisionHalvesTheFileAndGivesCloseOutputs) {
  const auto net = trained("cnn");
  save_model(path("full.safetensors"), net, card_for("cnn"));
  save_model(path("half.safetensors"), net, card_for("cnn"), SaveOptions{true});
  EXPECT_LT(fs::file_size(path("half.safetensors")), fs::file_size(path("full.safetensors")) * 0.51);
  const auto loaded = load_model(path("half.safetensors"));
  const auto x = torch::randn({4, 1, 48, 48});
  const auto expected = net->forward(x);
  const auto got = loaded.net->forward(x);
  EXPECT_FALSE(torch::equal(expected, got));
  EXPECT_TRUE(torch::allclose(expected, got, 1e-2, 1e-2)) << (expected - got).abs().max().item<float>();
}

TEST_F(ModelFiles, LoadsFromTheJsonCardTheWeightsOrTheStem) {
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  EXPECT_TRUE(fs::exists(path("m.safetensors")));
  EXPECT_TRUE(fs::exists(path("m.json")));
  for (const auto& name : {"m", "m.json", "m.safetensors"}) EXPECT_EQ(load_model(path(name)).card.name, "cnn-test") << name;
}

TEST_F(ModelFiles, CardIsReadFromTheWeightsMetadataWhenTheJsonIsGone) {
  save_model(path("m.safetensors"), trained("resnet18", {{"stem", "imagenet"}}), card_for("resnet18"));
  fs::remove(path("m.json"));
  const auto loaded = load_model(path("m.safetensors"));
  EXPECT_EQ(loaded.card.options.at("stem"), "imagenet");
  EXPECT_EQ(loaded.card.training.at("epochs"), 3);
}

// `ferlab calibrate` rewrites both copies of the card and nothing else: the
// weights stay byte for byte what they were, F16 included.
TEST_F(ModelFiles, SaveModelCardReplacesBothCardsAndKeepsTheWeights) {
  save_model(path("m"), trained("cnn"), card_for("cnn"), SaveOptions{true});
  const auto before = read_safetensors(path("m.safetensors"));
  const auto size_before = fs::file_size(path("m.safetensors"));
  LoadedModel loaded = load_model(path("m"));
  loaded.card.calibration = CardCalibration{1.7, "test", 0.12, 0.03};
  save_model_card(path("m.safetensors"), loaded.card);

  const auto after = read_safetensors(path("m.safetensors"));
  ASSERT_EQ(after.tensors.size(), before.tensors.size());
  for (const auto& [name, tensor] : before.tensors) EXPECT_TRUE(torch::equal(tensor, after.tensors.at(name))) << name;
  // Still F16: only the header grew, by the calibration entry.
  EXPECT_LT(fs::file_size(path("m.safetensors")) - size_before, 512u);

  const auto from_json = load_model(path("m")).card;
  ASSERT_TRUE(from_json.calibration);
  EXPECT_DOUBLE_EQ(from_json.temperature(), 1.7);
  EXPECT_EQ(from_json.calibration->split, "test");
  EXPECT_DOUBLE_EQ(from_json.calibration->ece_before, 0.12);
  fs::remove(path("m.json"));
  const auto embedded = load_model(path("m.safetensors")).card;
  ASSERT_TRUE(embedded.calibration);
  EXPECT_DOUBLE_EQ(embedded.temperature(), 1.7);
  EXPECT_DOUBLE_EQ(embedded.calibration->ece_after, 0.03);
}

TEST_F(ModelFiles, CardWithoutCalibrationHasTemperatureOneAndABadOneIsRejected) {
  EXPECT_DOUBLE_EQ(card_for("cnn").temperature(), 1.0);
  EXPECT_FALSE(card_for("cnn").to_json().contains("calibration"));
  nlohmann::json j = card_for("cnn").to_json();
  j["calibration"] = {{"temperature", -2.0}};
  EXPECT_NE(error_of([&] { ModelCard::from_json(j, "bad.json"); }).find("bad.json: model card 'calibration.temperature'"),
            std::string::npos);
}

TEST_F(ModelFiles, SavedCardRecordsFilledInOptionsAndDate) {
  save_model(path("m"), trained("resemotenet"), card_for("resemotenet"));
  const auto card = ModelCard::from_json(nlohmann::json::parse(read_text_file(path("m.json"))), "m.json");
  EXPECT_TRUE(card.options.contains("width"));
  EXPECT_EQ(card.created.size(), 10u);  // YYYY-MM-DD
  EXPECT_EQ(card.classes.front(), "angry");
}

TEST_F(ModelFiles, BatchNormStatisticsAreSaved) {
  const auto tensors = [&] {
    save_model(path("m"), trained("cnn"), card_for("cnn"));
    return read_safetensors(path("m.safetensors")).tensors;
  }();
  ASSERT_EQ(tensors.count("block1.bn1.running_mean"), 1u);
  EXPECT_GT(tensors.at("block1.bn1.running_mean").abs().sum().item<float>(), 0.0f);
  EXPECT_EQ(tensors.at("block1.bn1.num_batches_tracked").item<int64_t>(), 3);
}

TEST_F(ModelFiles, CnnFileLoadedAsResNet18IsAModelErrorNamingFileAndTensor) {
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  auto card = nlohmann::json::parse(read_text_file(path("m.json")));
  card["arch"] = "resnet18";
  card["options"] = nlohmann::json::object();
  write_text_atomically(path("m.json"), card.dump());
  const auto message = error_of([&] { load_model(path("m")); });
  EXPECT_NE(message.find(path("m.safetensors")), std::string::npos) << message;
  EXPECT_NE(message.find("tensor '"), std::string::npos) << message;
  EXPECT_NE(message.find("'resnet18'"), std::string::npos) << message;
}

TEST_F(ModelFiles, ShapeMismatchNamesBothShapes) {
  save_model(path("m"), trained("resnet18", {{"stem", "small"}}), card_for("resnet18"));
  auto card = nlohmann::json::parse(read_text_file(path("m.json")));
  card["options"]["stem"] = "imagenet";
  write_text_atomically(path("m.json"), card.dump());
  const auto message = error_of([&] { load_model(path("m")); });
  EXPECT_NE(message.find("tensor 'conv1.weight' has shape [64,1,3,3] but architecture 'resnet18' expects [64,1,7,7]"),
            std::string::npos)
      << message;
}

TEST_F(ModelFiles, TruncatedFileIsAModelErrorNamingTheFile) {
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  const auto size = fs::file_size(path("m.safetensors"));
  for (const auto keep : {size - 100, uintmax_t{200}, uintmax_t{5}}) {
    fs::resize_file(path("m.safetensors"), keep);
    const auto message = error_of([&] { load_model(path("m")); });
    EXPECT_NE(message.find(path("m.safetensors")), std::string::npos) << message;
    EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  }
}

void write_raw_safetensors(const std::string& file, const std::string& header, size_t data_bytes) {
  std::ofstream out(file, std::ios::binary);
  const uint64_t length = header.size();
  out.write(reinterpret_cast<const char*>(&length), 8);
  out << header << std::string(data_bytes, '\0');
}

TEST_F(ModelFiles, BadHeaderJsonAndUnknownDtypeAreModelErrors) {
  write_raw_safetensors(path("bad.safetensors"), "{\"a\": [1,", 0);
  EXPECT_NE(error_of([&] { read_safetensors(path("bad.safetensors")); }).find("bad safetensors header JSON"), std::string::npos);
  write_raw_safetensors(path("dtype.safetensors"), R"({"w": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}})", 2);
  EXPECT_NE(error_of([&] { read_safetensors(path("dtype.safetensors")); }).find("unknown dtype 'F8_E4M3'"), std::string::npos);
  write_raw_safetensors(path("size.safetensors"), R"({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})", 8);
  EXPECT_NE(error_of([&] { read_safetensors(path("size.safetensors")); }).find("needs 12 bytes"), std::string::npos);
}

TEST_F(ModelFiles, UnexpectedTensorIsAModelError) {
  const auto net = trained("cnn");
  auto state = model_state(net);
  state.emplace_back("extra.weight", torch::zeros({2}));
  write_safetensors(path("m.safetensors"), state, {{"ferlab_card", card_for("cnn").to_json().dump()}});
  EXPECT_NE(error_of([&] { load_model(path("m")); }).find("tensor 'extra.weight' [2] is not part of architecture 'cnn'"),
            std::string::npos);
}

TEST_F(ModelFiles, MissingFilesAndUnknownArchitectureAreModelErrors) {
  EXPECT_NE(error_of([&] { load_model(path("absent")); }).find("absent.safetensors"), std::string::npos);
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  auto card = nlohmann::json::parse(read_text_file(path("m.json")));
  card["arch"] = "transformer";
  write_text_atomically(path("m.json"), card.dump());
  EXPECT_NE(error_of([&] { load_model(path("m")); }).find("unknown architecture 'transformer'"), std::string::npos);
}

TEST_F(ModelFiles, WrittenFileFollowsTheSafetensorsLayout) {
  write_safetensors(path("t.safetensors"), {{"b", torch::tensor({1.5f, -2.0f})}, {"a", torch::tensor({int64_t{7}})}}, {{"k", "v"}});
  std::ifstream in(path("t.safetensors"), std::ios::binary);
  uint64_t length = 0;
  in.read(reinterpret_cast<char*>(&length), 8);
  EXPECT_EQ(length % 8, 0u);  // data starts 8-byte aligned
  std::string header(length, ' ');
  in.read(header.data(), static_cast<std::streamsize>(length));
  const auto j = nlohmann::json::parse(header);
  EXPECT_EQ(j.at("__metadata__").at("k"), "v");
  EXPECT_EQ(j.at("b").at("dtype"), "F32");
  EXPECT_EQ(j.at("a").at("dtype"), "I64");
  EXPECT_EQ(j.at("b").at("data_offsets"), (nlohmann::json{0, 8}));  // tensors are laid out in the order given
  EXPECT_EQ(j.at("a").at("data_offsets"), (nlohmann::json{8, 16}));
  EXPECT_EQ(fs::file_size(path("t.safetensors")), 8 + length + 16);
  const auto back = read_safetensors(path("t.safetensors"));
  EXPECT_TRUE(torch::equal(back.tensors.at("b"), torch::tensor({1.5f, -2.0f})));
}

}  // namespace
}  // namespace ferlab

namespace ferlab {
namespace {

TEST(ModelCard, InputBlurRoundTripsAndOutOfRangeIsAModelError) {
  ModelCard card;
  card.arch = "cnn";
  card.normalization.blur_sigma = 3.0f;
  EXPECT_FLOAT_EQ(ModelCard::from_json(card.to_json(), "card").normalization.blur_sigma, 3.0f);
  auto j = card.to_json();
  j["normalization"].erase("blur_sigma");  // cards written before the field existed
  EXPECT_FLOAT_EQ(ModelCard::from_json(j, "card").normalization.blur_sigma, 0.0f);
  j["normalization"]["blur_sigma"] = -1;
  EXPECT_THROW(ModelCard::from_json(j, "card"), ModelError);
}

}  // namespace
}  // namespace ferlab
