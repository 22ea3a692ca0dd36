#!/usr/bin/env bash
# bench/run adam: the engine's side by side (catapult-worker bench adam), then DeepSpeedCPUAdam on
# the same parameter layout at the same thread counts, merged into one table and one JSON line.
set -euo pipefail
py="$1"; build="$2"; shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if ! "$py" "$here/resources/python/check.py" "$here/resources/python/bench.txt" >/dev/null 2>&1; then
  echo "== installing resources/python/bench.txt (DeepSpeed) into the venv"
  "$py" -m pip install -q --disable-pip-version-check -r "$here/resources/python/bench.txt" >"$tmp/pip.log" 2>&1 ||
    { echo "   pip failed (the DeepSpeed column will say so):"; tail -3 "$tmp/pip.log"; }
fi
"$build/bin/catapult-worker" bench adam "$@" | tee "$tmp/catapult.txt"
all="$(tail -1 "$tmp/catapult.txt" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["threads"])')"
for t in 1 "$all"; do
  OMP_NUM_THREADS="$t" "$py" "$here/bench/deepspeed_adam.py" "$@" >"$tmp/ds$t.out" 2>"$tmp/ds$t.err" || true
  # Its last line if that is its JSON (even when it exits badly after printing), else why not.
  "$py" - "$tmp/ds$t.out" "$tmp/ds$t.err" >"$tmp/ds$t.json" <<'PY'
import json, sys
out = open(sys.argv[1]).read().strip().splitlines()
try:
    print(json.dumps(json.loads(out[-1])))
except (IndexError, json.JSONDecodeError):
    err = open(sys.argv[2]).read().strip().splitlines()
    print(json.dumps({"available": False, "reason": err[-1] if err else "no output"}))
PY
  [ "$t" = 1 ] && [ "$all" = 1 ] && break
done
"$py" - "$tmp" "$all" <<'PY'
import json, sys
tmp, all_ = sys.argv[1], sys.argv[2]
out = json.loads(open(f"{tmp}/catapult.txt").read().strip().splitlines()[-1])
rows = [("threads_1", "1")] + ([("threads_all", all_)] if "threads_all" in out else [])
for key, t in rows:
    ds = json.load(open(f"{tmp}/ds{t}.json"))
    row = out[key]
    if ds.get("available"):
        row["deepspeed_cpu_adam_step_s"] = ds["step_s"]
        row["catapult_vs_deepspeed"] = ds["step_s"] / row["cpu_adamw_step_s"]
        print(f"{t} thread(s): DeepSpeedCPUAdam {ds['version']} {1e3 * ds['step_s']:.1f} ms: CpuAdamW is "
              f"{row['catapult_vs_deepspeed']:.2f}x it, the fused op {ds['step_s'] / row['torch_fused_step_s']:.2f}x")
    else:
        row["deepspeed_cpu_adam"] = ds.get("reason", "did not run")
        print(f"{t} thread(s): DeepSpeedCPUAdam did not run: {row['deepspeed_cpu_adam']}")
print(json.dumps(out))
PY
