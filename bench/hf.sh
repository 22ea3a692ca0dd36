#!/usr/bin/env bash
# bench/run hf and bench/run lora (see bench/run): PYTHON BUILD_DIR [lora]. The two sides
# alternate BENCH_ROUNDS times (default 2), so a slow spell of the machine falls on both. With
# "lora" both train LoRA adapters (r BENCH_LORA_RANK, default 16, alpha 2r, every linear
# projection) on the frozen model: Catapult's --lora, PEFT's get_peft_model on the peer.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="$1"; build="$2"; mode="${3:-hf}"
rank="${BENCH_LORA_RANK:-16}"
ours_lora=(); peer_lora=(); lr=()
if [ "$mode" = lora ]; then
  ours_lora=(--lora_rank "$rank" --lora_alpha "$((2 * rank))" --lora_target_modules all-linear); peer_lora=(--lora_rank "$rank")
  lr=(--lr 1e-4)
fi
steps="${BENCH_STEPS:-15}"; seq="${BENCH_SEQ_LEN:-128}"; batch="${BENCH_BATCH:-2}"; rounds="${BENCH_ROUNDS:-2}"; warm=3
model="$build/bench-hf-model"
export OMP_NUM_THREADS=1
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$model/config.json" ]; then
  echo "== making the model: bench/hf_model.py $model"
  "$py" "$here/bench/hf_model.py" "$model.partial" && mv "$model.partial" "$model"
fi
for round in $(seq 1 "$rounds"); do
  echo "== round $round/$rounds, Catapult: catapult launch --num_processes 2 --cpu --model $model, $steps steps (first $warm not timed)"
  "$build/bin/catapult" launch --num_processes 2 --cpu --run_dir "$tmp/catapult-$round" --model "$model" \
    --text "$model/corpus.txt" -- catapult-worker train --steps "$steps" --seq_len "$seq" --batch_size "$batch" \
    --warmup_steps 0 --min_lr_ratio 1 --no_shuffle --memory_every "$steps" --export_dir "$tmp/export" \
    ${ours_lora[@]+"${ours_lora[@]}"} ${lr[@]+"${lr[@]}"} \
    | grep -v '^\[rank' || true
  echo "== round $round/$rounds, transformers + Accelerate: torchrun --nproc_per_node 2 bench/hf_transformers.py (gloo)"
  "$py" -m torch.distributed.run --standalone --nproc_per_node 2 "$here/bench/hf_transformers.py" --model "$model" \
    --text "$model/corpus.txt" --steps "$steps" --seq_len "$seq" --batch_size "$batch" --warmup "$warm" \
    ${peer_lora[@]+"${peer_lora[@]}"} ${lr[@]+"${lr[@]}"} \
    2>"$tmp/torch.err" | tail -1 > "$tmp/torch-$round.json" || { cat "$tmp/torch.err" >&2; exit 1; }
  cat "$tmp/torch-$round.json"
done
"$py" - "$tmp" "$warm" "$rounds" "$mode" <<'PY'
import json, sys
tmp, warm, rounds, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ours, theirs, peaks, loss = [], [], [0, 0], None
for r in range(1, rounds + 1):
    lines = [json.loads(l) for l in open(f"{tmp}/catapult-{r}/metrics.jsonl")]
    started = next(l for l in lines if l["type"] == "started")
    steps = [l for l in lines if l["type"] == "step" and l["step"] > warm]
    mem = [l for l in lines if l["type"] == "memory"][-1]
    ours.append(started["tokens_per_step"] * len(steps) / sum(s["step_time"] for s in steps))
    peaks = [max(p, m["peak_rss_bytes"]) for p, m in zip(peaks, mem["ranks"])]
    loss = steps[-1]["loss"]
    theirs.append(json.load(open(f"{tmp}/torch-{r}.json")))
cat_tps = sum(ours) / rounds
peer_tps = sum(t["tokens_per_s"] for t in theirs) / rounds
peer_peaks = [max(t["peak_rss_bytes"][i] for t in theirs) for i in range(2)]
result = {
    "bench": mode, "ranks": 2, "lora": started["model"].get("lora"), "device": "cpu", "model_parameters": started["model"]["parameters"],
    "seq_len": started["seq_len"], "batch_size": started["batch_size"], "rounds": rounds,
    "catapult_tokens_per_s": round(cat_tps, 1), "catapult_rounds_tokens_per_s": [round(t, 1) for t in ours],
    "transformers_tokens_per_s": round(peer_tps, 1),
    "transformers_rounds_tokens_per_s": [round(t["tokens_per_s"], 1) for t in theirs],
    "catapult_vs_transformers": round(cat_tps / peer_tps, 3),
    "catapult_peak_rss_bytes": peaks, "transformers_peak_rss_bytes": peer_peaks,
    "catapult_final_loss": round(loss, 4), "transformers_final_loss": round(theirs[-1]["final_loss"], 4),
}
peer = "transformers + PEFT + Accelerate" if mode == "lora" else "transformers + Accelerate"
print(f"Catapult {cat_tps:.0f} tok/s vs {peer} {peer_tps:.0f} tok/s over {rounds} rounds "
      f"(ratio {result['catapult_vs_transformers']}); peak RSS per rank {[round(b / 2**20) for b in peaks]} "
      f"vs {[round(b / 2**20) for b in peer_peaks]} MiB; final loss {result['catapult_final_loss']} vs "
      f"{result['transformers_final_loss']}")
print(json.dumps(result))
PY
