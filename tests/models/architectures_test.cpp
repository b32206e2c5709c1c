#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "models/model_io.hpp"

namespace ferlab {
namespace {

struct ArchCase {
  std::string arch;
  nlohmann::json options;
};

void PrintTo(const ArchCase& c, std::ostream* os) { *os << c.arch << " " << c.options.dump(); }

class EveryArchitecture : public ::testing::TestWithParam<ArchCase> {};

TEST_P(EveryArchitecture, GivesSevenLogitsAndA4DFeatureMapAtBatchOneAndFour) {
  torch::manual_seed(0);
  const auto net = make_model(GetParam().arch, GetParam().options);
  net->eval();
  for (const int64_t batch : {1, 4}) {
    const auto out = net->forward_with_features(torch::randn({batch, 1, 48, 48}));
    EXPECT_EQ(out.logits.sizes(), (std::vector<int64_t>{batch, 7}));
    ASSERT_EQ(out.features.dim(), 4);
    EXPECT_EQ(out.features.size(0), batch);
  }
}

TEST_P(EveryArchitecture, FeatureMapCarriesGradientOfTheLogits) {
  torch::manual_seed(0);
  const auto net = make_model(GetParam().arch, GetParam().options);
  net->eval();
  const auto out = net->forward_with_features(torch::randn({2, 1, 48, 48}));
  const auto grad = torch::autograd::grad({out.logits.select(1, 3).sum()}, {out.features})[0];
  EXPECT_EQ(grad.sizes(), out.features.sizes());
  EXPECT_GT(grad.abs().sum().item<float>(), 0.0f);
}

INSTANTIATE_TEST_SUITE_P(Models, EveryArchitecture,
                         ::testing::Values(ArchCase{"cnn", {}}, ArchCase{"cnn", {{"norm", "none"}, {"dropout", "off"}}},
                                           ArchCase{"resemotenet", {}},
                                           ArchCase{"resemotenet", {{"width", 0.5}}}, ArchCase{"resnet18", {}},
                                           ArchCase{"resnet18", {{"stem", "imagenet"}}},
                                           ArchCase{"resnet18", {{"stem", "cifar"}}}),
                         [](const auto& info) { return info.param.arch + "_" + std::to_string(info.index); });

TEST(Cnn, ParameterCountMatchesTheArchitecture) {
  // conv 3x3: in*out*9 + out; BatchNorm: 2*out (weight, bias).
  // block1:   1*32*9+32 = 320,    +64;   32*32*9+32 = 9248,     +64   ->   9,696
  // block2:  32*64*9+64 = 18,496, +128;  64*64*9+64 = 36,928,   +128  ->  55,680
  // block3: 64*128*9+128 = 73,856, +256; 128*128*9+128 = 147,584, +256 -> 221,952
  // 48 -> 24 -> 12 -> 6 after three pools: fc1 128*6*6*256+256 = 1,179,904; bn_fc1 512; fc2 256*7+7 = 1,799
  // total 9,696 + 55,680 + 221,952 + 1,179,904 + 512 + 1,799 = 1,469,543
  EXPECT_EQ(count_parameters(make_model("cnn")), 1469543);
}

// The variant that checks data-parallel training: no BatchNorm (2 * 448 + 512 weights fewer), no dropout.
TEST(Cnn, WithoutNormHasNoBatchNormAndIsDeterministicInTraining) {
  torch::manual_seed(0);
  const EmotionNet net = make_model("cnn", {{"norm", "none"}, {"dropout", "off"}});
  EXPECT_EQ(count_parameters(net), 1469543 - 1408);
  EXPECT_TRUE(net->buffers().empty());
  net->train();
  const auto x = torch::randn({2, 1, 48, 48});
  EXPECT_TRUE(torch::equal(net->forward(x), net->forward(x)));
}

TEST(ResNet18, ParameterCountIsTorchvisionsWithOneInputChannelAndSevenClasses) {
  // torchvision resnet18 has 11,689,512 = conv1 3*64*49 (9,408) + fc 512*1000+1000 (513,000) + 11,167,104 in between.
  EXPECT_EQ(count_parameters(make_model("resnet18", {{"stem", "imagenet"}})), 11167104 + 64 * 49 + 512 * 7 + 7);
  EXPECT_EQ(count_parameters(make_model("resnet18", {{"stem", "small"}})), 11167104 + 64 * 9 + 512 * 7 + 7);
}

TEST(ResEmoteNet, ParameterCountAtQuarterWidth) {
  // Widths 16/32/64 (stem), SE 64->4->64, residual 128/256/512, dense 512->1024->512->256->7:
  // stem 160+32 + 4,640+64 + 18,496+128, SE 512                   ->    24,032
  // res_block1 73,856+256 + 147,584+256 + 8,320+256                  ->   230,528
  // res_block2 295,168+512 + 590,080+512 + 33,024+512                ->   919,808
  // res_block3 1,180,160+1,024 + 2,359,808+1,024 + 131,584+1,024     -> 3,674,624
  // dense 525,312 + 524,800 + 131,328 + 1,799                        -> 1,183,239
  EXPECT_EQ(count_parameters(make_model("resemotenet", {{"width", 0.25}})), 6032231);
}

TEST(ResEmoteNet, GradCamFeatureMapKeepsASpatialLayout) {
  // Its residual blocks end at 1x1 for 48x48 input; Grad-CAM needs the SE block's 6x6 map.
  const EmotionNet net = make_model("resemotenet", {{"width", 0.25}});
  net->eval();
  const NetOutput out = net->forward_with_features(torch::zeros({2, 1, 48, 48}));
  EXPECT_EQ(out.features.sizes(), (std::vector<int64_t>{2, 64, 6, 6}));
}

TEST(Cnn, MacsPerFaceMatchTheArchitecture) {
  // conv: output positions * out channels * in channels * 9; dense: in * out.
  // block1 2,304*32*9 = 663,552 and 2,304*32*288 = 21,233,664
  // block2   576*64*288 = 10,616,832 and 576*64*576 = 21,233,664
  // block3  144*128*576 = 10,616,832 and 144*128*1,152 = 21,233,664
  // fc1 4,608*256 = 1,179,648; fc2 256*7 = 1,792
  EXPECT_EQ(count_macs(make_model("cnn")), 86779648);
}

TEST(ResNet18, SmallStemCostsAQuarterOfTheCifarStemInLayer1) {
  const auto small = count_macs(make_model("resnet18", {{"stem", "small"}}));
  const auto cifar = count_macs(make_model("resnet18", {{"stem", "cifar"}}));
  const auto imagenet = count_macs(make_model("resnet18", {{"stem", "imagenet"}}));
  EXPECT_NEAR(static_cast<double>(cifar) / small, 4.0, 0.05);  // every stage at twice the resolution
  EXPECT_LT(imagenet, small);
}

TEST(MakeModel, UnknownArchitectureIsAModelErrorListingTheKnownOnes) {
  try {
    make_model("vgg16");
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("'vgg16'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("resnet18"), std::string::npos) << e.what();
  }
}

TEST(ModelKinds, EveryBuiltKindMakesANetworkThatSaysItsNameAndTorchScriptIsOnlyLoaded) {
  EXPECT_EQ(model_architectures(), (std::vector<std::string>{"cnn", "resemotenet", "resnet18"}));
  EXPECT_EQ(architecture_list(" or "), "cnn, resemotenet or resnet18");
  for (const std::string& name : model_architectures()) EXPECT_EQ(make_model(name)->arch(), name);
  ASSERT_NE(find_model_kind("torchscript"), nullptr);
  EXPECT_EQ(find_model_kind("torchscript")->build, nullptr);
  try {
    make_model("torchscript");
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("a TorchScript module is loaded from its file"), std::string::npos) << e.what();
  }
}

TEST(MakeModel, UnknownOptionKeyIsAModelErrorNamingIt) {
  try {
    make_model("resemotenet", {{"widht", 0.5}});
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("'widht'"), std::string::npos) << e.what();
  }
}

TEST(MakeModel, BadOptionValuesAreModelErrors) {
  EXPECT_THROW(make_model("resemotenet", {{"width", 4.0}}), ModelError);
  EXPECT_THROW(make_model("resemotenet", {{"width", "wide"}}), ModelError);
  EXPECT_THROW(make_model("resnet18", {{"stem", "huge"}}), ModelError);
  EXPECT_THROW(make_model("cnn", nlohmann::json::array()), ModelError);
}

TEST(MakeModel, WrongInputShapeIsAModelErrorNotATorchCrash) {
  const auto cnn = make_model("cnn");
  EXPECT_THROW(cnn->forward(torch::zeros({1, 1, 64, 64})), ModelError);
  EXPECT_THROW(cnn->forward(torch::zeros({1, 3, 48, 48})), ModelError);
}

TEST(MakeModel, NetworksReportTheirFilledInOptions) {
  EXPECT_EQ(make_model("resnet18")->options().at("stem"), "small");
  EXPECT_DOUBLE_EQ(make_model("resemotenet", {{"width", 0.5}})->options().at("width").get<double>(), 0.5);
}

// The defaults stay unwritten: the shipped cnn's card says {} and must keep naming the same network.
TEST(MakeModel, CnnReportsOnlyTheOptionsThatDifferFromTheDefaults) {
  EXPECT_EQ(make_model("cnn")->options(), nlohmann::json::object());
  EXPECT_EQ(make_model("cnn", {{"norm", "none"}})->options(), (nlohmann::json{{"norm", "none"}}));
  EXPECT_EQ(make_model("cnn", {{"dropout", "off"}})->options(), (nlohmann::json{{"dropout", "off"}}));
}

}  // namespace
}  // namespace ferlab
