# The OpenGL 3.3 core loader is generated at build time by Debian's python3-glad
# (glad 2), offline and reproducibly, rather than committed.
find_program(GLAD_PROGRAM glad REQUIRED)
set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
add_custom_command(
  OUTPUT ${GLAD_OUT}/src/gl.c ${GLAD_OUT}/include/glad/gl.h
  COMMAND ${GLAD_PROGRAM} --api gl:core=3.3 --reproducible --quiet --out-path ${GLAD_OUT} c
  COMMENT "Generating the OpenGL 3.3 core loader with glad"
  VERBATIM)
add_library(glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(glad PUBLIC ${GLAD_OUT}/include)
target_link_libraries(glad PUBLIC ${CMAKE_DL_LIBS})
