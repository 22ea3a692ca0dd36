#!/usr/bin/env bash
# bench/run generate (see bench/run): PYTHON BUILD_DIR. Greedy generation on the CPU with the
# ~100M-parameter Llama of bench/hf_model.py: catapult-worker generate vs transformers' generate
# (bench/hf_generate.py), the same prompt ids, BENCH_NEW_TOKENS (64) new tokens at batch 1 and at
# BENCH_GEN_BATCH (8), BENCH_THREADS (2) threads each: new tokens/s, the time to the first token,
# the model's load time, and the ratios.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="$1"; build="$2"
new="${BENCH_NEW_TOKENS:-64}"; batch="${BENCH_GEN_BATCH:-8}"
export OMP_NUM_THREADS="${BENCH_THREADS:-2}"
model="$build/bench-hf-model"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
if [ ! -f "$model/config.json" ]; then
  echo "== making the model: bench/hf_model.py $model"
  "$py" "$here/bench/hf_model.py" "$model.partial" && mv "$model.partial" "$model"
fi
prompt="$("$py" -c 'import random; random.seed(1); print(",".join(str(random.randrange(1, 4000)) for _ in range(32)))')"
gen=("$build/bin/catapult-worker" generate --model "$model" --ignore_eos --json)
echo "== Catapult: catapult-worker generate, $new new tokens, batch 1 and $batch"
"${gen[@]}" --max_new_tokens 4 --prompt_ids "$prompt" > /dev/null  # warm up (and the page cache)
gen+=(--max_new_tokens "$new")
"${gen[@]}" --prompt_ids "$prompt" | tail -1 > "$tmp/ours1.json"
args=(); for _ in $(seq 1 "$batch"); do args+=(--prompt_ids "$prompt"); done
"${gen[@]}" "${args[@]}" | tail -1 > "$tmp/ours.json"
cat "$tmp/ours1.json" "$tmp/ours.json"
echo "== transformers: generate(do_sample=False), the same prompt"
"$py" "$here/bench/hf_generate.py" --model "$model" --prompt_ids "$prompt" --new "$new" --batch "$batch" 2>/dev/null | tail -1 > "$tmp/theirs.json"
cat "$tmp/theirs.json"
"$py" - "$tmp" "$batch" <<'PY'
import json, sys
tmp, batch = sys.argv[1], int(sys.argv[2])
one, many = (json.load(open(f"{tmp}/{n}.json")) for n in ("ours1", "ours"))
theirs = json.load(open(f"{tmp}/theirs.json"))
r = {"bench": "generate", "device": "cpu", "batch": batch,
     "catapult_tokens_per_s_batch1": round(one["tokens_per_s"], 1), "transformers_tokens_per_s_batch1": round(theirs["batch1"]["tokens_per_s"], 1),
     "catapult_tokens_per_s_batch": round(many["tokens_per_s"], 1), "transformers_tokens_per_s_batch": round(theirs["batch"]["tokens_per_s"], 1),
     "catapult_first_token_s": round(one["first_token_seconds"], 4), "transformers_first_token_s": round(theirs["batch1"]["first_token_seconds"], 4),
     "catapult_load_s": round(one["load_seconds"], 3), "transformers_load_s": round(theirs["load_seconds"], 3)}
r["ratio_batch1"] = round(r["catapult_tokens_per_s_batch1"] / r["transformers_tokens_per_s_batch1"], 3)
r["ratio_batch"] = round(r["catapult_tokens_per_s_batch"] / r["transformers_tokens_per_s_batch"], 3)
print(f"batch 1: Catapult {r['catapult_tokens_per_s_batch1']} tok/s vs transformers {r['transformers_tokens_per_s_batch1']} "
      f"(ratio {r['ratio_batch1']}); batch {batch}: {r['catapult_tokens_per_s_batch']} vs {r['transformers_tokens_per_s_batch']} "
      f"(ratio {r['ratio_batch']}); first token {r['catapult_first_token_s']} s vs {r['transformers_first_token_s']} s; "
      f"load {r['catapult_load_s']} s vs {r['transformers_load_s']} s")
print(json.dumps(r))
PY
