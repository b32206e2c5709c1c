#pragma once
// One builder per architecture (cnn.cpp, resemotenet.cpp, resnet18.cpp);
// make_model() dispatches to them by name. Each builder reads its options and
// leaves unknown keys for make_model to reject.
#include "models/arch_options.hpp"
#include "models/emotion_net.hpp"

namespace ferlab {

EmotionNet make_cnn(ArchOptions& options);
EmotionNet make_resemotenet(ArchOptions& options);
EmotionNet make_resnet18(ArchOptions& options);

// Networks check their input up front: a wrong shape deep inside LibTorch
// surfaces as an unreadable c10::Error.
void check_face_batch(const torch::Tensor& x, const std::string& arch, int required_size = 0);

}  // namespace ferlab
