# Finds LibTorch (from the PyPI torch wheel: CMAKE_PREFIX_PATH = torch.utils.cmake_prefix_path)
# and reconciles its CUDA flavour with the machine.
#
# The wheel's TorchConfig looks for a CUDA toolkit when the wheel was built with CUDA. Three cases:
#   * the machine's toolkit matches the wheel (here: wheel cu130, toolkit 13.0): normal CUDA build;
#   * no toolkit, or one that fails the wheel's checks: we retry with USE_CUDA off, link only the
#     CPU libraries (torch_cpu, c10) and build the engine without the NCCL/CUDA paths
#     (CATAPULT_HAVE_CUDA undefined), so the project still builds and runs on CPU;
#   * CATAPULT_FORCE_CPU=ON forces the second case.
option(CATAPULT_FORCE_CPU "Link LibTorch's CPU libraries only, even if CUDA is found" OFF)

if(NOT CATAPULT_FORCE_CPU)
  find_package(CUDAToolkit QUIET)
endif()
if(CUDAToolkit_FOUND AND NOT CATAPULT_FORCE_CPU)
  # Torch's own FindCUDA wrappers need the language only for nvcc flags; we compile no .cu files.
  # The wheel's cuda.cmake would try_run a GPU probe to pick nvcc arch flags; a build host
  # often has no GPU, and we compile no CUDA kernels, so name the architectures instead.
  if(NOT DEFINED TORCH_CUDA_ARCH_LIST AND NOT DEFINED ENV{TORCH_CUDA_ARCH_LIST})
    set(TORCH_CUDA_ARCH_LIST "8.0;8.9;9.0")
  endif()
  find_package(Torch REQUIRED)
else()
  set(USE_CUDA OFF)
  find_package(Torch REQUIRED)
endif()

set(CATAPULT_HAVE_CUDA OFF)
if(TARGET torch_cuda AND CUDAToolkit_FOUND AND NOT CATAPULT_FORCE_CPU)
  set(CATAPULT_HAVE_CUDA ON)
endif()
message(STATUS "Catapult: LibTorch ${Torch_VERSION} at ${TORCH_INSTALL_PREFIX}, CUDA paths: ${CATAPULT_HAVE_CUDA}")

# The NCCL header: the wheel takes NCCL from the nvidia-nccl wheel; fall back to the toolkit's.
set(CATAPULT_NCCL_INCLUDE "")
if(CATAPULT_HAVE_CUDA)
  get_filename_component(_site "${TORCH_INSTALL_PREFIX}/.." ABSOLUTE)
  find_path(CATAPULT_NCCL_INCLUDE nccl.h
            HINTS "${_site}/nvidia/nccl/include" "${_site}/nvidia/cu13/include" ${CUDAToolkit_INCLUDE_DIRS})
endif()
