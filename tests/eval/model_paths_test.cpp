#include "eval/model_paths.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/errors.hpp"
#include "eval_test_support.hpp"
#include "support/error_of.hpp"

namespace ferlab {
namespace {

// Resolution looks only at which files exist, so empty files stand in for models here.
class ModelPathsTest : public testing::TempDirTest {
 protected:
  std::string touch(const std::string& name) {
    std::ofstream(path(name)) << "";
    return path(name);
  }
  std::string models() const { return dir_.string(); }
};

TEST_F(ModelPathsTest, ArchitectureNameMeansModelsDirFile) {
  const std::string cnn = touch("cnn.safetensors");
  EXPECT_EQ(resolve_model_paths("cnn", models()), std::vector<std::string>{cnn});
}

TEST_F(ModelPathsTest, PathStemAndCardResolveToWeights) {
  const std::string weights = touch("my-model.safetensors");
  EXPECT_EQ(resolve_model_paths(weights, "/elsewhere"), std::vector<std::string>{weights});
  EXPECT_EQ(resolve_model_paths(path("my-model"), "/elsewhere"), std::vector<std::string>{weights});
  EXPECT_EQ(resolve_model_paths(path("my-model.json"), "/elsewhere"), std::vector<std::string>{weights});
}

TEST_F(ModelPathsTest, EnsembleGathersThePresentArchitecturesInOrder) {
  const std::string resnet = touch("resnet18.safetensors");
  const std::string cnn = touch("cnn.safetensors");
  EXPECT_EQ(resolve_model_paths("ensemble", models()), (std::vector<std::string>{cnn, resnet}));
}

TEST_F(ModelPathsTest, EnsembleWithNoModelsNamesWhatWasLookedFor) {
  const std::string message = test::error_of<ModelError>([&] { resolve_model_paths("ensemble", models()); });
  EXPECT_NE(message.find(path("cnn.safetensors")), std::string::npos) << message;
  EXPECT_NE(message.find(path("resnet18.safetensors")), std::string::npos) << message;
}

TEST_F(ModelPathsTest, EnsembleFollowsEnsembleTxt) {
  const std::string cnn = touch("cnn.safetensors");
  touch("resemotenet.safetensors");
  const std::string resnet = touch("resnet18.safetensors");
  std::ofstream(path("ensemble.txt")) << "resnet18, cnn\n";
  EXPECT_EQ(resolve_model_paths("ensemble", models()), (std::vector<std::string>{resnet, cnn}));
}

TEST_F(ModelPathsTest, EnsembleTxtNamingAMissingModelIsAnErrorNamingIt) {
  touch("cnn.safetensors");
  std::ofstream(path("ensemble.txt")) << "cnn resnet34";
  const std::string message = test::error_of<ModelError>([&] { resolve_model_paths("ensemble", models()); });
  EXPECT_NE(message.find("'resnet34'"), std::string::npos) << message;
  EXPECT_NE(message.find("ensemble.txt"), std::string::npos) << message;
  std::ofstream(path("ensemble.txt")) << " \n";
  EXPECT_NE(test::error_of<ModelError>([&] { resolve_model_paths("ensemble", models()); }).find("found none"),
            std::string::npos);
}

TEST_F(ModelPathsTest, DefaultFollowsDefaultTxt) {
  touch("cnn.safetensors");
  const std::string resemotenet = touch("resemotenet.safetensors");
  std::ofstream(path("default.txt")) << "resemotenet\n";
  EXPECT_EQ(resolve_model_paths("default", models()), std::vector<std::string>{resemotenet});
  EXPECT_EQ(resolve_model_paths("", models()), std::vector<std::string>{resemotenet});
}

TEST_F(ModelPathsTest, DefaultWithoutDefaultTxtIsFirstPresentArchitecture) {
  const std::string resemotenet = touch("resemotenet.safetensors");
  touch("resnet18.safetensors");
  EXPECT_EQ(resolve_model_paths("default", models()), std::vector<std::string>{resemotenet});
}

TEST_F(ModelPathsTest, DefaultTxtNamingAMissingModelIsAnErrorNamingIt) {
  touch("cnn.safetensors");
  std::ofstream(path("default.txt")) << "resnet18\n";
  const std::string message = test::error_of<ModelError>([&] { resolve_model_paths("default", models()); });
  EXPECT_NE(message.find("resnet18"), std::string::npos) << message;
  EXPECT_NE(message.find("default.txt"), std::string::npos) << message;
}

TEST_F(ModelPathsTest, UnknownNameNamesEveryPlaceLookedIn) {
  const std::string message = test::error_of<ModelError>([&] { resolve_model_paths("vgg", models()); });
  EXPECT_NE(message.find("'vgg'"), std::string::npos) << message;
  EXPECT_NE(message.find(path("vgg.safetensors")), std::string::npos) << message;
}

TEST_F(ModelPathsTest, UnknownNameListsTheModelsThatExist) {
  touch("resnet18.safetensors");
  touch("cnn.safetensors");
  touch("cnn.json");
  const std::string message = test::error_of<ModelError>([&] { resolve_model_paths("cnm", models()); });
  EXPECT_NE(message.find("models in " + models() + ": cnn, resnet18, ensemble"), std::string::npos) << message;
}

// What the workbench's loader offers as buttons: every model a bare name loads.
TEST_F(ModelPathsTest, ModelNamesInAFolderAreItsWeightsStemsSorted) {
  touch("resnet18.safetensors");
  touch("cnn-ferplus.safetensors");
  touch("cnn.safetensors");
  touch("cnn.json");
  touch("ensemble.txt");
  std::filesystem::create_directories(path("old.safetensors"));  // a folder, not a model
  EXPECT_EQ(model_names_in(models()), (std::vector<std::string>{"cnn", "cnn-ferplus", "resnet18"}));
  for (const std::string& name : model_names_in(models()))
    EXPECT_EQ(resolve_model_paths(name, models()), std::vector<std::string>{path(name + ".safetensors")});
  EXPECT_TRUE(model_names_in(path("missing")).empty());
}

TEST_F(ModelPathsTest, SeveralSpecsConcatenateWithoutDuplicates) {
  const std::string cnn = touch("cnn.safetensors");
  const std::string resnet = touch("resnet18.safetensors");
  EXPECT_EQ(resolve_model_paths(std::vector<std::string>{"cnn", "ensemble", path("resnet18")}, models()),
            (std::vector<std::string>{cnn, resnet}));
  EXPECT_EQ(resolve_model_paths(std::vector<std::string>{}, models()), std::vector<std::string>{cnn});
}

TEST_F(ModelPathsTest, SpecsJoinedByPlusAreOneEnsemble) {
  const std::string cnn = touch("cnn.safetensors");
  const std::string resnet = touch("resnet18.safetensors");
  const std::string seed = touch("cnn-s7.safetensors");
  std::ofstream(path("ensemble.txt")) << "cnn resnet18";
  EXPECT_EQ(resolve_model_paths("resnet18+cnn", models()), (std::vector<std::string>{resnet, cnn}));
  EXPECT_EQ(resolve_model_paths("ensemble + cnn-s7+cnn", models()), (std::vector<std::string>{cnn, resnet, seed}));
  const std::string plus_in_name = touch("a+b.safetensors");
  EXPECT_EQ(resolve_model_paths(plus_in_name, "/elsewhere"), std::vector<std::string>{plus_in_name});
  EXPECT_NE(test::error_of<ModelError>([&] { resolve_model_paths("cnn++resnet18", models()); })
                .find("model 'cnn++resnet18': an empty member between its '+' signs"),
            std::string::npos);
  EXPECT_NE(test::error_of<ModelError>([&] { resolve_model_paths("cnn+resnet34", models()); }).find("'resnet34'"),
            std::string::npos);
}

}  // namespace
}  // namespace ferlab
