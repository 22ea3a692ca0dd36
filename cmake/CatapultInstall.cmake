# What `cmake --install` puts where, the CMake package users' programs find the engine with
# (find_package(Catapult) -> Catapult::engine), and the Debian package (cpack -G DEB).
#   bin/catapult, bin/catapult-worker (a script: LibTorch from the venv, then the engine),
#   bin/catapult-setup-torch, libexec/catapult/catapult-worker, lib/libcatapult_engine.so,
#   include/catapult/*.h, lib/cmake/Catapult/, share/catapult/{python,translations,templates},
#   share/applications, share/metainfo, share/icons/hicolor, share/man/man1.
include(CMakePackageConfigHelpers)

set(TORCH_VERSION ${Torch_VERSION})
set(catapult_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/Catapult)

# The engine library and its public headers (the contracts' too, but not the YAML reader and
# writer, which are the launcher's).
set_target_properties(catapult_engine PROPERTIES EXPORT_NAME engine)
set_target_properties(catapult_config PROPERTIES EXPORT_NAME config)
install(TARGETS catapult_engine catapult_config EXPORT CatapultTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY engine/include/catapult DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY engine/config/include/catapult DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  PATTERN ConfigReader.h EXCLUDE PATTERN ConfigWriter.h EXCLUDE)
install(EXPORT CatapultTargets NAMESPACE Catapult:: DESTINATION ${catapult_cmake_dir})
configure_package_config_file(cmake/CatapultConfig.cmake.in ${CMAKE_BINARY_DIR}/CatapultConfig.cmake
  INSTALL_DESTINATION ${catapult_cmake_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/CatapultConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/CatapultConfig.cmake ${CMAKE_BINARY_DIR}/CatapultConfigVersion.cmake
              cmake/CatapultTorch.cmake DESTINATION ${catapult_cmake_dir})

# The worker: the engine binary out of PATH, started by a script that finds LibTorch first.
install(TARGETS catapult-worker RUNTIME DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/catapult)
foreach(script catapult-worker catapult-setup-torch)
  configure_file(engine/worker/installed/${script}.in ${CMAKE_BINARY_DIR}/installed/${script} @ONLY)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/installed/${script} DESTINATION ${CMAKE_INSTALL_BINDIR})
endforeach()
install(FILES resources/python/runtime.txt DESTINATION ${CMAKE_INSTALL_DATADIR}/catapult RENAME python-runtime.txt)
install(DIRECTORY ${CMAKE_BINARY_DIR}/share/catapult/python DESTINATION ${CMAKE_INSTALL_DATADIR}/catapult
  PATTERN __pycache__ EXCLUDE)

if(CATAPULT_ENGINE_ONLY)
  return()
endif()
install(TARGETS catapult RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
include(CatapultPackage)
