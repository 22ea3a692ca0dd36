#!/usr/bin/env bash
# bench/run hf (see bench/run): PYTHON BUILD_DIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="$1"; build="$2"
steps="${BENCH_STEPS:-15}"; seq="${BENCH_SEQ_LEN:-128}"; batch="${BENCH_BATCH:-2}"; warm=3
model="$build/bench-hf-model"
export OMP_NUM_THREADS=1
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$model/config.json" ]; then
  echo "== making the model: bench/hf_model.py $model"
  "$py" "$here/bench/hf_model.py" "$model.partial" && mv "$model.partial" "$model"
fi
echo "== Catapult: catapult launch --num_processes 2 --cpu --model $model, $steps steps (first $warm not timed)"
"$build/bin/catapult" launch --num_processes 2 --cpu --run_dir "$tmp/catapult" --model "$model" \
  --text "$model/corpus.txt" -- catapult-worker train --steps "$steps" --seq_len "$seq" --batch_size "$batch" \
  --warmup_steps 0 --min_lr_ratio 1 --no_shuffle --memory_every "$steps" --export_dir "$tmp/export" \
  | grep -v '^\[rank' || true
echo "== transformers + Accelerate: torchrun --nproc_per_node 2 bench/hf_transformers.py (gloo)"
"$py" -m torch.distributed.run --standalone --nproc_per_node 2 "$here/bench/hf_transformers.py" --model "$model" \
  --text "$model/corpus.txt" --steps "$steps" --seq_len "$seq" --batch_size "$batch" --warmup "$warm" \
  2>"$tmp/torch.err" | tail -1 > "$tmp/torch.json" || { cat "$tmp/torch.err" >&2; exit 1; }
cat "$tmp/torch.json"
"$py" - "$tmp" "$warm" <<'PY'
import json, sys
tmp, warm = sys.argv[1], int(sys.argv[2])
lines = [json.loads(l) for l in open(f"{tmp}/catapult/metrics.jsonl")]
started = next(l for l in lines if l["type"] == "started")
steps = [l for l in lines if l["type"] == "step" and l["step"] > warm]
mem = [l for l in lines if l["type"] == "memory"][-1]
cat_tps = started["tokens_per_step"] * len(steps) / sum(s["step_time"] for s in steps)
peer = json.load(open(f"{tmp}/torch.json"))
result = {
    "bench": "hf", "ranks": 2, "device": "cpu", "model_parameters": started["model"]["parameters"],
    "seq_len": started["seq_len"], "batch_size": started["batch_size"],
    "catapult_tokens_per_s": round(cat_tps, 1),
    "transformers_tokens_per_s": round(peer["tokens_per_s"], 1),
    "catapult_vs_transformers": round(cat_tps / peer["tokens_per_s"], 3),
    "catapult_peak_rss_bytes": [r["peak_rss_bytes"] for r in mem["ranks"]],
    "transformers_peak_rss_bytes": peer["peak_rss_bytes"],
    "catapult_final_loss": round(steps[-1]["loss"], 4), "transformers_final_loss": round(peer["final_loss"], 4),
}
print(f"Catapult {cat_tps:.0f} tok/s vs transformers + Accelerate {peer['tokens_per_s']:.0f} tok/s "
      f"(ratio {result['catapult_vs_transformers']}); peak RSS per rank {[round(b / 2**20) for b in result['catapult_peak_rss_bytes']]} "
      f"vs {[round(b / 2**20) for b in result['transformers_peak_rss_bytes']]} MiB")
print(json.dumps(result))
PY
