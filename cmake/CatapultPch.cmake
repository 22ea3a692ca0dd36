# One precompiled <torch/torch.h> for every target that compiles against LibTorch.
#
# GCC uses a precompiled header only when the compiler settings that shape code generation
# match the ones it was made with: the same -fPIC/-fPIE and the same predefined macros. A
# shared library's sources get -fPIC and <target>_EXPORTS, an executable's -fPIE (Qt asks for
# position-independent executables), so a header precompiled for libcatapult_engine was
# silently ignored ("-Winvalid-pch") by the worker, the examples and the tests, and LibTorch's
# headers were parsed again in every file. Here one object library owns the header, compiled
# with -fPIC and no export macro; every consumer is compiled with the same settings
# (-fPIC also makes valid code for a position-independent executable).
add_library(catapult_torch_pch OBJECT ${CMAKE_CURRENT_LIST_DIR}/TorchPch.cpp)
target_link_libraries(catapult_torch_pch PRIVATE ${TORCH_LIBRARIES})
if(CATAPULT_HAVE_CUDA)
  target_compile_definitions(catapult_torch_pch PRIVATE CATAPULT_HAVE_CUDA)
endif()
set_target_properties(catapult_torch_pch PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_compile_options(catapult_torch_pch PRIVATE -fPIC -Winvalid-pch)
target_precompile_headers(catapult_torch_pch PRIVATE <torch/torch.h>)

function(catapult_use_torch_pch target)
  target_precompile_headers(${target} REUSE_FROM catapult_torch_pch)
  # No <target>_EXPORTS macro (the engine exports through default visibility anyway).
  set_target_properties(${target} PROPERTIES DEFINE_SYMBOL "")
  # Placed after CMake's own -fPIE, so it wins; -Winvalid-pch makes a mismatch visible.
  target_compile_options(${target} PRIVATE -fPIC -Winvalid-pch)
endfunction()
