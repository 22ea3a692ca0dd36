#!/usr/bin/env bash
# Configures an engine-only build of the source tree (-DCATAPULT_ENGINE_ONLY=ON) with Qt made
# unfindable, in a temporary directory, and checks that it has the engine_tests and
# catapult-worker targets (a dry run of each: nothing is built). Takes seconds.
#   check_engine_only.sh SOURCE_DIR GENERATOR [cmake arguments...]
set -u
src="$1"
generator="$2"
shift 2
dir="$(mktemp -d "${TMPDIR:-/tmp}/catapult-engine-only.XXXXXX")"
trap 'rm -rf "$dir"' EXIT
if ! cmake -S "$src" -B "$dir" -G "$generator" -DCATAPULT_ENGINE_ONLY=ON -DCMAKE_DISABLE_FIND_PACKAGE_Qt6=ON \
     -DCMAKE_BUILD_TYPE=Release "$@" > "$dir/configure.log" 2>&1; then
  echo "engine-only configure failed:"; cat "$dir/configure.log"; exit 1
fi
status=0
for target in engine_tests catapult-worker; do
  if ! cmake --build "$dir" --target "$target" -- -n > "$dir/$target.log" 2>&1; then
    echo "engine-only build has no target $target:"; tail -5 "$dir/$target.log"; status=1
  fi
done
[ $status = 0 ] && echo "engine-only build (no Qt): configures, has engine_tests and catapult-worker"
exit $status
