#!/usr/bin/env bash
# Dependencies point one way: no Qt in engine/ or tests/engine/, no LibTorch outside engine/ (and
# its users: tests/engine, examples, bench). Prints each offending file and fails if there is one.
set -u
root="${1:-.}"
status=0
qt=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<Q' "$root/engine" 2>/dev/null)
if [ -n "$qt" ]; then echo "Qt included in engine/:"; echo "$qt"; status=1; fi
# The engine tests build with the engine alone (the engine-only build): no Qt, and no header of
# app/, remote/ or ui/.
if [ -d "$root/tests/engine" ]; then
  qt=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<Q' "$root/tests/engine" 2>/dev/null)
  if [ -n "$qt" ]; then echo "Qt included in tests/engine/:"; echo "$qt"; status=1; fi
  for h in $(sed -nE 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]+)".*/\1/p' "$root"/tests/engine/* | sort -u); do
    for d in app remote ui; do
      if [ -f "$root/$d/$h" ]; then echo "tests/engine/ includes $d/$h"; status=1; fi
    done
  done
fi
for d in app ui remote; do
  [ -d "$root/$d" ] || continue
  torch=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](torch|ATen|c10)/' "$root/$d" 2>/dev/null)
  if [ -n "$torch" ]; then echo "LibTorch included in $d/:"; echo "$torch"; status=1; fi
done
# remote/ sits below app/ and ui/: Qt Core and libssh only.
up=$(grep -rlE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](QtWidgets|QtSql|QtGui|QWidget|QSql|QDialog|QApplication|RunStore|JobController|LaunchSettings|Preflight)' "$root/remote" 2>/dev/null)
if [ -n "$up" ]; then echo "remote/ includes app, ui, Widgets or Sql:"; echo "$up"; status=1; fi
# The contract headers shared with the launcher (engine/config/include, its own include root,
# so the launcher cannot even find the LibTorch ones) and the LibTorch-free engine headers.
for h in "$root"/engine/config/include/catapult/*.h "$root/engine/include/catapult/MetricsWriter.h" \
         "$root/engine/include/catapult/ShardedSampler.h"; do
  if grep -qE '#[[:space:]]*include[[:space:]]*[<"](torch|ATen|c10)/' "$h"; then
    echo "LibTorch included in ${h#$root/}"; status=1
  fi
done
[ $status = 0 ] && echo "layering: engine and its tests have no Qt; app, ui and remote have no LibTorch; remote has no app, widgets or SQL"
exit $status
