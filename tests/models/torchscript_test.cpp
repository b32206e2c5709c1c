// Models that PyTorch wrote, loaded as FERLab models: the logits PyTorch
// computes, the classes mapped by name, and every bad file refused by name.
#include "models/torchscript_net.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "core/emotion.hpp"
#include "core/errors.hpp"
#include "models/model_io.hpp"
#include "models/preprocess.hpp"
#include "support/error_of.hpp"
#include "support/torchscript_fixtures.hpp"

namespace ferlab {
namespace {
namespace fs = std::filesystem;
using test::error_of;

#define REQUIRE_PYTORCH_FIXTURES()                                                            \
  if (!test::have_pytorch()) GTEST_SKIP() << "no python3-torch (scripts/setup.sh installs it)"; \
  ASSERT_FALSE(test::torchscript_fixtures().empty()) << "the fixture script failed: " << test::torchscript_script()

std::string fixture(const std::string& name) { return test::torchscript_fixtures() + "/" + name; }

// Faces with the structure of faces (smooth blobs), not uniform noise.
std::vector<uint8_t> random_faces(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<uint8_t> faces(n * 48 * 48);
  for (size_t i = 0; i < n; ++i) {
    const float cx = 12 + 24 * u(rng), cy = 12 + 24 * u(rng), r = 6 + 10 * u(rng), base = 40 + 100 * u(rng);
    for (int y = 0; y < 48; ++y)
      for (int x = 0; x < 48; ++x) {
        const float d = std::hypot(x - cx, y - cy) / r;
        faces[i * 2304 + y * 48 + x] = static_cast<uint8_t>(std::clamp(base + 110 * std::exp(-d * d) + 20 * u(rng), 0.f, 255.f));
      }
  }
  return faces;
}

torch::Tensor ferlab_logits(const LoadedModel& model, const std::vector<uint8_t>& faces, size_t n) {
  torch::NoGradGuard no_grad;
  torch::Tensor x = faces_to_tensor(faces.data(), n, model.card.normalization, 48);
  if (model.card.input_size != 48)
    x = torch::nn::functional::interpolate(
        x, torch::nn::functional::InterpolateFuncOptions()
               .size(std::vector<int64_t>{model.card.input_size, model.card.input_size})
               .mode(torch::kBilinear)
               .align_corners(false));
  return model.net->forward(x);
}

TEST(TorchScript, AScriptedModuleGivesPyTorchsLogits) {
  REQUIRE_PYTORCH_FIXTURES();
  const LoadedModel model = load_model(fixture("scripted_cnn.pt"));
  EXPECT_EQ(model.card.arch, "torchscript");
  EXPECT_EQ(model.card.name, "scripted_cnn");
  EXPECT_NE(model.card.training.value("card", "").find("assumed FER-2013's seven classes"), std::string::npos);
  const size_t n = 200;
  const auto faces = random_faces(n, 1);
  test::TempDir dir("ts-logits");
  const std::vector<float> reference = test::pytorch_logits(fixture("scripted_cnn.pt"), faces, n, dir);
  ASSERT_EQ(reference.size(), n * 7);
  const torch::Tensor ours = ferlab_logits(model, faces, n).contiguous();
  ASSERT_EQ(ours.sizes(), (std::vector<int64_t>{static_cast<int64_t>(n), 7}));
  const torch::Tensor theirs = torch::from_blob(const_cast<float*>(reference.data()), {static_cast<int64_t>(n), 7});
  EXPECT_LT((ours - theirs).abs().max().item<float>(), 1e-4f);
  EXPECT_TRUE(ours.argmax(1).equal(theirs.argmax(1)));
  EXPECT_EQ(model.net->feature_layers(), std::vector<std::string>{"forward_features"});
  EXPECT_GT(count_parameters(model.net), 20000);
}

TEST(TorchScript, ATracedSequentialWithACardHasItsClassesMappedByNameAndLayersByChild) {
  REQUIRE_PYTORCH_FIXTURES();
  const LoadedModel model = load_model(fixture("traced_ferplus.json"));  // the card names the module beside it
  EXPECT_EQ(model.weights_path, fixture("traced_ferplus.pt"));
  EXPECT_EQ(model.card.input_size, 64);
  EXPECT_EQ(model.card.channels, 3);
  EXPECT_EQ(model.card.missing_emotions(), "");
  const size_t n = 32;
  const auto faces = random_faces(n, 2);
  test::TempDir dir("ts-ferplus");
  const std::vector<float> reference = test::pytorch_logits(fixture("traced_ferplus.pt"), faces, n, dir, "64 3 0.5 0.25");
  ASSERT_EQ(reference.size(), n * 8);
  const torch::Tensor ours = ferlab_logits(model, faces, n);
  // FER+'s order: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt.
  const int ferplus_to_ours[7] = {6, 3, 5, 4, 0, 1, 2};
  for (size_t i = 0; i < n; ++i)
    for (int k = 0; k < 7; ++k)
      EXPECT_NEAR(ours[static_cast<int64_t>(i)][ferplus_to_ours[k]].item<float>(), reference[i * 8 + k], 1e-4f);
  // The Sequential's children whose outputs are maps: conv, batchnorm, relu, pool, conv, relu.
  EXPECT_EQ(model.net->feature_layers(), (std::vector<std::string>{"0", "1", "2", "3", "4", "5"}));
  const NetOutput at_pool = model.net->forward_with_features(torch::zeros({1, 1, 64, 64}), "3");
  EXPECT_EQ(at_pool.features.sizes(), (std::vector<int64_t>{1, 8, 32, 32}));
}

TEST(TorchScript, AModuleWithoutALayerStillClassifiesAndSaysWhyCamMethodsCannot) {
  REQUIRE_PYTORCH_FIXTURES();
  const LoadedModel model = load_model(fixture("plain.pt"));
  EXPECT_TRUE(model.net->feature_layers().empty());
  EXPECT_EQ(model.net->forward(torch::zeros({3, 1, 48, 48})).sizes(), (std::vector<int64_t>{3, 7}));
  const std::string error = error_of<ModelError>([&] { model.net->forward_with_features(torch::zeros({1, 1, 48, 48}), ""); });
  EXPECT_NE(error.find(fixture("plain.pt") + " offers no layer for the CAM methods: export forward_features"),
            std::string::npos)
      << error;
}

TEST(TorchScript, EveryBadFileIsRefusedNamingItAndWhatIsWrong) {
  REQUIRE_PYTORCH_FIXTURES();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"state_dict.pt", "is a torch.save checkpoint (a state dict or a pickled module), not TorchScript"},
      {"pickle.pt", "is not a TorchScript file (not a zip archive"},
      {"truncated.pt", "is not a TorchScript file (not a zip archive"},
      {"newer_format.pt", "written by a newer PyTorch (file format version 99)"},
      {"newer_operator.pt", "calls the operator aten::flatten_from_the_future, which LibTorch"},
      {"tuple.pt", "forward returns a Tuple, not one tensor"},
      {"five_classes.pt", "returns logits of shape 2 x 5 where N x 7 was expected"},
      {"nan.pt", "returned NaN or infinite logits"},
      {"batch_of_one.pt", "turns a batch of two 1 x 48 x 48 faces into 1 x 7"},
      {"rgb224.pt", "expected input[2, 1, 48, 48] to have 3 channels, but got 1 channels instead"},
  };
  for (const auto& [file, says] : cases) {
    const std::string error = error_of<ModelError>([&] { load_model(fixture(file)); });
    EXPECT_EQ(error.rfind(fixture(file) + ": ", 0), 0u) << file << ": " << error;
    EXPECT_NE(error.find(says), std::string::npos) << file << ": " << error;
  }
}

TEST(TorchScript, ACardThatDisagreesWithTheModuleIsRefused) {
  REQUIRE_PYTORCH_FIXTURES();
  test::TempDir dir("ts-cards");
  fs::copy_file(fixture("scripted_cnn.pt"), dir.file("net.pt"));
  std::ofstream(dir.file("net.json")) << R"({"arch": "cnn"})";
  EXPECT_NE(error_of<ModelError>([&] { load_model(dir.file("net.pt")); }).find("says \"arch\": \"cnn\", but"),
            std::string::npos);
  std::ofstream(dir.file("net.json")) << R"({"classes": ["angry", "happy", "sad", "neutral", "fear", "surprise", "disgust", "contempt"]})";
  EXPECT_NE(error_of<ModelError>([&] { load_model(dir.file("net.pt")); }).find("returns logits of shape 2 x 7 where N x 8"),
            std::string::npos);
  std::ofstream(dir.file("net.json")) << R"({"classes": ["angry", "happy", "happy", "sad", "neutral", "fear", "surprise"]})";
  EXPECT_NE(error_of<ModelError>([&] { load_model(dir.file("net.pt")); }).find("names happy twice"), std::string::npos);
  std::ofstream(dir.file("net.json")) << R"({"input_size": 64, "channels": 3})";
  EXPECT_NE(error_of<ModelError>([&] { load_model(dir.file("net.pt")); }).find("to have 1 channels, but got 3"),
            std::string::npos);
}

TEST(TorchScript, FerlabsCnnWrittenInPyTorchRunsAsTheNetworkBuiltFromFerlabsCode) {
  REQUIRE_PYTORCH_FIXTURES();
  const std::string shipped = std::string(FERLAB_SOURCE_DIR) + "/models/cnn.safetensors";
  test::TempDir dir("ts-cnn-pair");
  const std::string exported = dir.file("cnn_pytorch.pt");
  ASSERT_EQ(std::system(("/usr/bin/python3 " + test::torchscript_script() + " ferlab_cnn " + shipped + " " + exported).c_str()), 0);
  const LoadedModel ours = load_model(shipped), theirs = load_model(exported);
  EXPECT_EQ(theirs.card.name, "cnn-from-pytorch");
  EXPECT_DOUBLE_EQ(theirs.card.temperature(), ours.card.temperature());
  EXPECT_EQ(count_parameters(theirs.net), count_parameters(ours.net));
  EXPECT_EQ(count_macs(theirs.net), count_macs(ours.net));
  const auto faces = random_faces(64, 5);
  const torch::Tensor a = ferlab_logits(ours, faces, 64), b = ferlab_logits(theirs, faces, 64);
  EXPECT_LT((a - b).abs().max().item<float>(), 1e-3f);
  EXPECT_TRUE(a.argmax(1).equal(b.argmax(1)));
}

TEST(TorchScript, MultiplyAccumulatesAreCountedThroughTheModule) {
  REQUIRE_PYTORCH_FIXTURES();
  const LoadedModel model = load_model(fixture("scripted_cnn.pt"));
  // conv1 48x48x16 x 1x3x3, conv2 24x24x32 x 16x3x3, conv3 12x12x64 x 32x3x3, fc 64 x 7.
  EXPECT_EQ(count_macs(model.net, 48), 48 * 48 * 16 * 9 + 24 * 24 * 32 * 16 * 9 + 12 * 12 * 64 * 32 * 9 + 64 * 7);
  const LoadedModel ferplus = load_model(fixture("traced_ferplus.pt"));
  // 3 x 64 x 64 in: conv 64x64x8 x 3x3x3, conv 32x32x16 x 8x3x3, linear 16 x 8.
  EXPECT_EQ(count_macs(ferplus.net, 64), 64 * 64 * 8 * 27 + 32 * 32 * 16 * 72 + 16 * 8);
}

TEST(TorchScript, AHugeFileIsRefusedBeforeItIsRead) {
  test::TempDir dir("ts-huge");
  const std::string path = dir.file("huge.pt");
  std::ofstream(path).close();
  fs::resize_file(path, int64_t{2} << 30);  // sparse: no 2 GB written
  const std::string error = error_of<ModelError>([&] { load_model(path); });
  EXPECT_NE(error.find(path + ": 2048 MiB is more than the 1024 MiB FERLab loads"), std::string::npos) << error;
  std::ofstream(dir.file("empty.pt")).close();
  EXPECT_NE(error_of<ModelError>([&] { load_model(dir.file("empty.pt")); }).find("empty.pt: the file is empty"),
            std::string::npos);
}

TEST(TorchScript, ACalibratedTemperatureGoesIntoTheCardBesideTheUntouchedModule) {
  REQUIRE_PYTORCH_FIXTURES();
  test::TempDir dir("ts-calibrate");
  fs::copy_file(fixture("scripted_cnn.pt"), dir.file("net.pt"));
  const auto size = fs::file_size(dir.file("net.pt"));
  LoadedModel model = load_model(dir.file("net.pt"));
  model.card.calibration = CardCalibration{1.7, "fer2013 (test split)", 0.1, 0.02, "fer2013"};
  save_model_card(dir.file("net.pt"), model.card);
  EXPECT_EQ(fs::file_size(dir.file("net.pt")), size);
  const LoadedModel again = load_model(dir.file("net.pt"));
  EXPECT_DOUBLE_EQ(again.card.temperature(), 1.7);
  EXPECT_EQ(again.card.normalization.mean, 0.f) << "the assumed [0, 1] input is written down, not changed";
  EXPECT_EQ(again.card.normalization.std, 1.f);
}

}  // namespace
}  // namespace ferlab
