# A minimal TorchConfig for the LibTorch inside a PyTorch wheel, used by
# scripts/gpu_train.sh when the wheel's own TorchConfig cannot configure (it
# looks for a full CUDA toolkit; FERLab compiles no CUDA code and only links).
# Use with -DTorch_DIR=<this folder>; TORCH_PYTHON names the interpreter.
if(NOT TORCH_PYTHON)
  set(TORCH_PYTHON python3)
endif()
execute_process(
  COMMAND ${TORCH_PYTHON} -c "import os, torch; print(os.path.dirname(torch.__file__)); print(int(torch._C._GLIBCXX_USE_CXX11_ABI)); print(torch.__version__)"
  OUTPUT_VARIABLE _torch_info OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE _torch_rc)
if(NOT _torch_rc EQUAL 0)
  message(FATAL_ERROR "torch_wheel: ${TORCH_PYTHON} cannot import torch")
endif()
string(REPLACE "\n" ";" _torch_info "${_torch_info}")
list(GET _torch_info 0 _torch_root)
list(GET _torch_info 1 _torch_abi)
list(GET _torch_info 2 Torch_VERSION)

set(TORCH_INCLUDE_DIRS ${_torch_root}/include ${_torch_root}/include/torch/csrc/api/include)
set(_torch_libs)
foreach(lib torch torch_cpu c10 torch_cuda c10_cuda)
  find_library(_torch_lib_${lib} ${lib} PATHS ${_torch_root}/lib NO_DEFAULT_PATH)
  if(_torch_lib_${lib})
    list(APPEND _torch_libs ${_torch_lib_${lib}})
  endif()
endforeach()

add_library(torch_wheel INTERFACE)
target_include_directories(torch_wheel INTERFACE ${TORCH_INCLUDE_DIRS})
target_compile_definitions(torch_wheel INTERFACE _GLIBCXX_USE_CXX11_ABI=${_torch_abi})
# torch_cuda registers the CUDA backend from static initialisers: keep it linked
# although no symbol of it is referenced.
target_link_libraries(torch_wheel INTERFACE -Wl,--no-as-needed ${_torch_libs} -Wl,--as-needed)
set(TORCH_LIBRARIES torch_wheel)
set(Torch_FOUND TRUE)
message(STATUS "torch_wheel: LibTorch ${Torch_VERSION} from ${_torch_root}")
