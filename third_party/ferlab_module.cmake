# ferlab_module(NAME [TORCH] DEPS ... [EXCLUDE file.cpp ...]): one static library
# per folder of src/, built from every .cpp in it (less EXCLUDE), so that adding a
# file needs no CMake edit.
function(ferlab_module name)
  cmake_parse_arguments(ARG "TORCH" "" "DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  foreach(excluded ${ARG_EXCLUDE})
    list(REMOVE_ITEM sources ${CMAKE_CURRENT_SOURCE_DIR}/${excluded})
  endforeach()
  if(NOT sources)
    # A module whose code has not been written yet still links for its dependants.
    add_library(ferlab_${name} INTERFACE)
    target_include_directories(ferlab_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(ferlab_${name} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(ferlab_${name} STATIC ${sources})
  target_include_directories(ferlab_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ferlab_${name} PUBLIC ${ARG_DEPS})
  target_compile_options(ferlab_${name} PRIVATE -Wall -Wextra)
  if(ARG_TORCH)
    target_link_libraries(ferlab_${name} PUBLIC ${TORCH_LIBRARIES})
    # <torch/torch.h> costs ~20 s per file; compile it once per module.
    target_precompile_headers(ferlab_${name} PRIVATE <torch/torch.h>)
  endif()
endfunction()

# ferlab_test(NAME DEPS ...): one GoogleTest binary per folder of tests/.
function(ferlab_test name)
  cmake_parse_arguments(ARG "TORCH" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_executable(test_${name} ${sources})
  target_link_libraries(test_${name} PRIVATE ${ARG_DEPS} GTest::gtest_main)
  target_include_directories(test_${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(test_${name} PRIVATE
    FERLAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    FERLAB_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared")
  if(TARGET ferlab)
    target_compile_definitions(test_${name} PRIVATE FERLAB_BINARY="$<TARGET_FILE:ferlab>")
    set(test_filter "*")
  else()
    # The sanitizer build has no `ferlab` binary: its command tests (suites named *Command) cannot run.
    target_compile_definitions(test_${name} PRIVATE FERLAB_BINARY="")
    set(test_filter "-*Command.*")
  endif()
  if(ARG_TORCH)
    target_precompile_headers(test_${name} PRIVATE <torch/torch.h>)
  endif()
  gtest_discover_tests(test_${name} TEST_FILTER "${test_filter}" DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 900)
endfunction()
