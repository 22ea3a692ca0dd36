#!/usr/bin/env bash
# The installation and the Debian package, used as a user gets them:
#   1. `cmake --install` into a fresh prefix; the examples build against it on their own
#      (find_package(Catapult) -> Catapult::engine) and run on 2 ranks under the installed launcher;
#   2. `cpack -G DEB`; the package unpacked into an empty root (dpkg -x) and, from those files
#      alone: catapult --version, catapult-worker --version and probe, the zh_CN catalogue found,
#      a 2-rank CPU job of the built-in recipe whose loss falls; desktop-file-validate,
#      appstreamcli validate and the man pages.
# usage: check_package.sh BUILD_DIR SOURCE_DIR TORCH_CMAKE_PREFIX
set -euo pipefail
build=$1 src=$2 torch_prefix=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/catapult-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export CATAPULT_RUNS_DIR="$work/runs" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" OMP_NUM_THREADS=1

loss_fell() { python3 "$src/tests/python/loss_fell.py" "$@"; }

echo "== cmake --install"
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/catapult bin/catapult-worker bin/catapult-setup-torch libexec/catapult/catapult-worker \
         include/catapult/Accelerator.h include/catapult/Status.h lib/cmake/Catapult/CatapultConfig.cmake \
         share/catapult/python/catapult/__init__.py share/catapult/translations/catapult_zh_CN.qm \
         share/catapult/templates/cpu-two-ranks.catapult.json share/man/man1/catapult.1; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done
ls "$prefix"/lib*/libcatapult_engine.so >/dev/null || fail "no libcatapult_engine.so installed"

echo "== the examples against the installed package"
cmake -S "$src/examples" -B "$work/examples" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_PREFIX_PATH="$prefix;$torch_prefix" >"$work/examples.log" 2>&1 || { cat "$work/examples.log"; fail "examples do not configure"; }
cmake --build "$work/examples" >>"$work/examples.log" 2>&1 || { cat "$work/examples.log"; fail "examples do not build"; }
"$prefix/bin/catapult" launch --num_processes 2 --cpu --run_dir "$work/example_run" -- "$work/examples/example_linear_regression" \
  >"$work/example.log" 2>&1 || { cat "$work/example.log"; fail "the example did not run under the installed catapult launch"; }
grep -q "job finished successfully" "$work/example.log" || fail "the example's job did not finish"

echo "== cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$work/deb" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/deb/catapult_*.deb)
dpkg-deb --field "$deb" Package Version Depends
dpkg-deb --field "$deb" Depends | grep -q "libqt6widgets6" || fail "the package's Depends lack Qt (dpkg-shlibdeps)"
root="$work/root"
dpkg -x "$deb" "$root"
usr="$root/usr"

echo "== the unpacked package"
"$usr/bin/catapult" --version | grep -qx "catapult [0-9.]*" || fail "catapult --version"
"$usr/bin/catapult-worker" --version | grep -q "^catapult-worker [0-9.]* (LibTorch" || fail "catapult-worker --version"
"$usr/bin/catapult-worker" probe >"$work/probe.json" || fail "catapult-worker probe"
grep -q '"libtorch_version"' "$work/probe.json" || fail "probe printed no libtorch_version"
grep -q "\"worker_path\": *\"$usr/libexec/catapult/catapult-worker\"" "$work/probe.json" || fail "the probe ran another worker than the package's"
env -u LC_ALL -u LC_MESSAGES LANGUAGE=zh_CN LANG=zh_CN.UTF-8 "$usr/bin/catapult" --help | grep -q "用法" \
  || fail "the installed catapult did not load its zh_CN catalogue from share/catapult/translations"
"$usr/bin/catapult" launch --num_processes 2 --cpu --run_dir "$work/run" -- catapult-worker train --steps 60 \
  >"$work/job.log" 2>&1 || { tail -20 "$work/job.log"; fail "the 2-rank job failed"; }
loss_fell "$work/run" 1.3 || fail "the 2-rank job's loss did not fall"

echo "== desktop integration"
desktop-file-validate "$usr/share/applications/io.github.catapult.Catapult.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$usr/share/metainfo/io.github.catapult.Catapult.metainfo.xml" || fail "appstreamcli validate"
for size in 16 24 32 48 64 128 256 512; do
  [ -s "$usr/share/icons/hicolor/${size}x${size}/apps/io.github.catapult.Catapult.png" ] || fail "no ${size}px icon"
done
for page in catapult catapult-worker; do
  zcat -f "$usr/share/man/man1/$page.1"* | grep -q '^\.SH' || fail "no man page for $page"
done
echo "package: installed, built against, packaged, unpacked and run"
