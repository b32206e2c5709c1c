# Build glue for the third-party libraries. Everything is installed from Debian
# packages by scripts/setup.sh; nothing third-party is vendored here.
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
if(FERLAB_WITH_OPENCV)
  find_package(OpenCV 4 REQUIRED COMPONENTS core imgproc imgcodecs videoio objdetect dnn video calib3d)
endif()

# LibTorch: Debian's libtorch-dev, or any other LibTorch (e.g. a CUDA build from a
# PyTorch installation) given with -DCMAKE_PREFIX_PATH=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)').
if(NOT FERLAB_SANITIZE)
  find_package(Torch REQUIRED)
  find_package(CLI11 REQUIRED)
endif()

if(FERLAB_BUILD_APP)
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
  include(${CMAKE_CURRENT_LIST_DIR}/glad.cmake)
endif()
