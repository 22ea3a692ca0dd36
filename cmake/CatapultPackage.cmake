# The Debian package: `cpack -G DEB` in the build tree (tests/package/check_package.sh builds
# and checks it). Installed under /usr. LibTorch is not in the package: catapult-worker takes the
# PyPI torch wheel's libraries from a venv (bin/catapult-worker explains; catapult-setup-torch
# makes the per-user one on first use), so the package depends on python3-venv, and its
# library dependencies are computed by dpkg-shlibdeps with the wheel's libraries as private ones.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME catapult)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Catapult developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Train and fine-tune models on your own machines")
set(CPACK_PACKAGE_DESCRIPTION "Catapult trains and fine-tunes models on one machine or several: a setup wizard \
writes an Accelerate-compatible config, a launcher starts jobs here, over SSH or through Slurm, and an \
embedded LibTorch engine does data parallel, ZeRO and offloaded training, with live dashboards and a run history.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The Catapult developers <catapult@localhost>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${TORCH_INSTALL_PREFIX}/lib ${CMAKE_BINARY_DIR}/lib)
# The SQLite driver is a Qt plugin (the run history), which dpkg-shlibdeps cannot see.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3, python3-venv, util-linux, libqt6sql6-sqlite")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "openssh-client, qt6-translations-l10n")
include(CPack)
