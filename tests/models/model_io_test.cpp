#include "models/model_io.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <typeinfo>

#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/json_text.hpp"
#include "models/safetensors.hpp"
#include "support/error_of.hpp"

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
  EXPECT_NE(test::error_of<ModelError>([&] { ModelCard::from_json(j, "bad.json"); }).find("bad.json: model card 'calibration.temperature'"),
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
  const auto message = test::error_of<ModelError>([&] { load_model(path("m")); });
  EXPECT_NE(message.find(path("m.safetensors")), std::string::npos) << message;
  EXPECT_NE(message.find("tensor '"), std::string::npos) << message;
  EXPECT_NE(message.find("'resnet18'"), std::string::npos) << message;
}

TEST_F(ModelFiles, ShapeMismatchNamesBothShapes) {
  save_model(path("m"), trained("resnet18", {{"stem", "small"}}), card_for("resnet18"));
  auto card = nlohmann::json::parse(read_text_file(path("m.json")));
  card["options"]["stem"] = "imagenet";
  write_text_atomically(path("m.json"), card.dump());
  const auto message = test::error_of<ModelError>([&] { load_model(path("m")); });
  EXPECT_NE(message.find("tensor 'conv1.weight' has shape [64,1,3,3] but architecture 'resnet18' expects [64,1,7,7]"),
            std::string::npos)
      << message;
}

TEST_F(ModelFiles, TruncatedFileIsAModelErrorNamingTheFile) {
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  const auto size = fs::file_size(path("m.safetensors"));
  for (const auto keep : {size - 100, uintmax_t{200}, uintmax_t{5}}) {
    fs::resize_file(path("m.safetensors"), keep);
    const auto message = test::error_of<ModelError>([&] { load_model(path("m")); });
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
  EXPECT_NE(test::error_of<ModelError>([&] { read_safetensors(path("bad.safetensors")); }).find("safetensors header: bad JSON"), std::string::npos);
  write_raw_safetensors(path("dtype.safetensors"), R"({"w": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}})", 2);
  EXPECT_NE(test::error_of<ModelError>([&] { read_safetensors(path("dtype.safetensors")); }).find("unknown dtype 'F8_E4M3'"), std::string::npos);
  write_raw_safetensors(path("size.safetensors"), R"({"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}})", 8);
  EXPECT_NE(test::error_of<ModelError>([&] { read_safetensors(path("size.safetensors")); }).find("needs 12 bytes"), std::string::npos);
}

TEST_F(ModelFiles, UnexpectedTensorIsAModelError) {
  const auto net = trained("cnn");
  auto state = model_state(net);
  state.emplace_back("extra.weight", torch::zeros({2}));
  write_safetensors(path("m.safetensors"), state, {{"ferlab_card", card_for("cnn").to_json().dump()}});
  EXPECT_NE(test::error_of<ModelError>([&] { load_model(path("m")); }).find("tensor 'extra.weight' [2] is not part of architecture 'cnn'"),
            std::string::npos);
}

TEST_F(ModelFiles, MissingFilesAndUnknownArchitectureAreModelErrors) {
  EXPECT_NE(test::error_of<ModelError>([&] { load_model(path("absent")); }).find("absent.safetensors"), std::string::npos);
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  auto card = nlohmann::json::parse(read_text_file(path("m.json")));
  card["arch"] = "transformer";
  write_text_atomically(path("m.json"), card.dump());
  EXPECT_NE(test::error_of<ModelError>([&] { load_model(path("m")); }).find("unknown architecture 'transformer'"), std::string::npos);
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

// `ferlab bench` measures the options of the model shipped per architecture:
// cnn.json, not cnn-ferplus.json (which sorts before it), and no eval report.
TEST_F(ModelFiles, ShippedCardForAnArchitectureIsItsOwnNameBeforeOtherCards) {
  const auto write_card = [&](const std::string& file, const std::string& arch) {
    ModelCard card = card_for(arch);
    write_text_atomically(path(file), card.to_json().dump());
  };
  write_text_atomically(path("cnn-a.eval.json"), R"({"accuracy": 0.6})");
  write_card("cnn-ferplus.json", "cnn");
  write_card("resnet18-s7.json", "resnet18");
  EXPECT_EQ(shipped_card_for(dir_.string(), "cnn"), path("cnn-ferplus.json"));  // the only cnn card
  write_card("cnn.json", "cnn");
  EXPECT_EQ(shipped_card_for(dir_.string(), "cnn"), path("cnn.json"));
  EXPECT_EQ(shipped_card_for(dir_.string(), "resnet18"), path("resnet18-s7.json"));
  EXPECT_EQ(shipped_card_for(dir_.string(), "resemotenet"), "");
  write_card("resemotenet.json", "cnn");  // named for one architecture, a card for another
  EXPECT_EQ(shipped_card_for(dir_.string(), "resemotenet"), "");
  EXPECT_EQ(shipped_card_for(path("missing"), "cnn"), "");
}

TEST(ModelCard, CalibrationLabelsRoundTripAndOlderCardsMeanFer2013) {
  ModelCard card;
  card.arch = "cnn";
  card.calibration = CardCalibration{1.3, "test", 0.08, 0.02, "ferplus"};
  EXPECT_EQ(ModelCard::from_json(card.to_json(), "card").calibration->labels, "ferplus");
  auto j = card.to_json();
  j["calibration"].erase("labels");  // cards calibrated before the field existed
  EXPECT_EQ(ModelCard::from_json(j, "card").calibration->labels, "fer2013");
}

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

TEST_F(ModelFiles, SafetensorsWithADuplicateTensorNameIsRefusedNamingIt) {
  write_raw_safetensors(path("dup.safetensors"),
                        R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, )"
                        R"("w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}})",
                        8);
  const auto message = test::error_of<ModelError>([&] { read_safetensors(path("dup.safetensors")); });
  EXPECT_NE(message.find(path("dup.safetensors")), std::string::npos) << message;
  EXPECT_NE(message.find("key \"w\" appears twice"), std::string::npos) << message;
}

TEST_F(ModelFiles, SafetensorsWithOverlappingDataOffsetsIsRefusedNamingBothTensors) {
  write_raw_safetensors(path("overlap.safetensors"),
                        R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, )"
                        R"("b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})",
                        12);
  const auto message = test::error_of<ModelError>([&] { read_safetensors(path("overlap.safetensors")); });
  EXPECT_NE(message.find("tensors 'a' and 'b' have overlapping data_offsets"), std::string::npos) << message;
}

TEST_F(ModelFiles, SafetensorsShapesMustBeNonNegativeIntegers) {
  write_raw_safetensors(path("float.safetensors"), R"({"w": {"dtype": "F32", "shape": [2.5], "data_offsets": [0, 8]}})", 8);
  auto message = test::error_of<ModelError>([&] { read_safetensors(path("float.safetensors")); });
  EXPECT_NE(message.find("tensor 'w': shape must hold integers, got [2.5]"), std::string::npos) << message;
  write_raw_safetensors(path("neg.safetensors"), R"({"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})", 8);
  message = test::error_of<ModelError>([&] { read_safetensors(path("neg.safetensors")); });
  EXPECT_NE(message.find("tensor 'w': shape [-2] holds a negative"), std::string::npos) << message;
}

TEST_F(ModelFiles, SafetensorsWithAHugeShapeIsRefusedWithoutAllocatingIt) {
  // 4e18 bytes: checked against data_offsets before torch::empty would try to allocate them.
  write_raw_safetensors(path("huge.safetensors"),
                        R"({"w": {"dtype": "F32", "shape": [1000000, 1000000, 1000000], "data_offsets": [0, 4]}})", 4);
  auto message = test::error_of<ModelError>([&] { read_safetensors(path("huge.safetensors")); });
  EXPECT_NE(message.find("tensor 'w': shape [1000000,1000000,1000000] of F32 needs 4000000000000000000 bytes"),
            std::string::npos)
      << message;
  // 4e20 bytes do not fit in 64 bits.
  write_raw_safetensors(path("overflow.safetensors"),
                        R"({"w": {"dtype": "F32", "shape": [10000000000, 10000000000], "data_offsets": [0, 4]}})", 4);
  message = test::error_of<ModelError>([&] { read_safetensors(path("overflow.safetensors")); });
  EXPECT_NE(message.find("tensor 'w': shape [10000000000,10000000000] is too large"), std::string::npos) << message;
}

TEST_F(ModelFiles, SafetensorsAcceptsOnlyTheDtypesFerlabWrites) {
  write_raw_safetensors(path("f64.safetensors"), R"({"w": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}})", 8);
  const auto message = test::error_of<ModelError>([&] { read_safetensors(path("f64.safetensors")); });
  EXPECT_NE(message.find("tensor 'w': unknown dtype 'F64' (FERLab reads F32, F16 or I64)"), std::string::npos) << message;
}

TEST_F(ModelFiles, DeeplyNestedSafetensorsHeaderIsAClearErrorNotAStackOverflow) {
  write_raw_safetensors(path("deep.safetensors"), std::string(200000, '[') + std::string(200000, ']'), 0);
  const auto message = test::error_of<ModelError>([&] { read_safetensors(path("deep.safetensors")); });
  EXPECT_NE(message.find("safetensors header: bad JSON: nested 200000 levels deep"), std::string::npos) << message;
}

TEST_F(ModelFiles, DeeplyNestedModelCardIsAClearErrorNotAStackOverflow) {
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  write_text_atomically(path("m.json"), "{\"arch\": " + std::string(200000, '[') + std::string(200000, ']') + "}");
  const auto message = test::error_of<ModelError>([&] { load_model(path("m")); });
  EXPECT_NE(message.find(path("m.json") + ": model card: bad JSON: nested 200001 levels deep"), std::string::npos)
      << message;
}

TEST_F(ModelFiles, ModelCardNormalizationAndInputSizeMustBeSane) {
  save_model(path("m"), trained("cnn"), card_for("cnn"));
  const auto good = nlohmann::json::parse(read_text_file(path("m.json")));
  const auto message_for = [&](const char* pointer, const nlohmann::json& value) {
    auto card = good;
    card[nlohmann::json::json_pointer(pointer)] = value;
    write_text_atomically(path("m.json"), card.dump());
    return test::error_of<ModelError>([&] { load_model(path("m")); });
  };
  EXPECT_NE(message_for("/normalization/std", 1e-9).find("'normalization.std' must be in [0.001, 1000], got 1e-09"),
            std::string::npos);
  EXPECT_NE(message_for("/normalization/std", 1e9).find("'normalization.std' must be in [0.001, 1000]"), std::string::npos);
  EXPECT_NE(message_for("/normalization/mean", 1e300).find("'normalization.mean' must be a finite number"),
            std::string::npos);
  EXPECT_NE(message_for("/input_size", 100000).find("'input_size' must be in [8, 512], got 100000"), std::string::npos);
  EXPECT_NE(message_for("/input_size", 4294967344LL).find("'input_size' must be in [8, 512]"), std::string::npos);
  EXPECT_NE(message_for("/input_size", 48.5).find("'input_size' must be an integer"), std::string::npos);
}

TEST_F(ModelFiles, EmbeddedCardDescribesTheWeightsEvenWhenTheJsonBesideThemIsStale) {
  ModelCard card = card_for("cnn");
  card.metrics = {{"val_accuracy", 0.61}};
  save_model(path("m"), trained("cnn"), card);
  write_text_atomically(path("m.json"), "{}");  // a crash left another card beside the weights
  EXPECT_EQ(read_embedded_card(path("m.safetensors")).metrics.at("val_accuracy"), 0.61);
}

// A cheap, deterministic fuzz: random byte changes and truncations of a real
// file. Every outcome must be a load or a ModelError; anything else (another
// exception, a crash, a huge allocation) fails the test with the case number.
TEST_F(ModelFiles, RandomlyDamagedSafetensorsFilesLoadOrAreModelErrors) {
  ModelCard card = card_for("cnn");
  write_safetensors(path("small.safetensors"),
                    {{"w", torch::randn({3, 4})}, {"b", torch::randn({4}).to(torch::kFloat16)}, {"n", torch::tensor({int64_t{5}})}},
                    {{"ferlab_card", card.to_json().dump()}});
  const std::string good = read_text_file(path("small.safetensors"));
  std::mt19937 rng(12);
  for (int n = 0; n < 3000; ++n) {
    std::string bytes = good;
    const int changes = 1 + static_cast<int>(rng() % 4);
    for (int c = 0; c < changes; ++c) bytes[rng() % bytes.size()] = static_cast<char>(rng() % 256);
    if (n % 5 == 0) bytes.resize(rng() % bytes.size());
    write_text_atomically(path("damaged.safetensors"), bytes);
    try {
      read_safetensors(path("damaged.safetensors"));
    } catch (const ModelError&) {
    } catch (const std::exception& e) {
      FAIL() << "case " << n << ": " << typeid(e).name() << ": " << e.what();
    }
  }
}

TEST_F(ModelFiles, RandomlyDamagedModelCardsAreReadOrRefusedWithAnError) {
  const std::string good = card_for("cnn").to_json().dump(2);
  std::mt19937 rng(13);
  const std::string alphabet = "{}[]\",:0123456789.-eE \\nulltruefalse";
  for (int n = 0; n < 3000; ++n) {
    std::string text = good;
    for (int c = 0; c < 1 + static_cast<int>(rng() % 3); ++c) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    try {
      ModelCard::from_json(parse_json(text, "card.json"), "card.json");
    } catch (const Error&) {
    } catch (const std::exception& e) {
      FAIL() << "case " << n << ": " << typeid(e).name() << ": " << e.what() << "\n" << text;
    }
  }
}

}  // namespace
}  // namespace ferlab
