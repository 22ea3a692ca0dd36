"""usage: loss_fell.py RUN_DIR FACTOR — prints the first and last step loss of a run's metrics.jsonl
and exits 0 only when the loss fell by more than FACTOR times over at least 2 steps."""
import json
import sys

run_dir, factor = sys.argv[1], float(sys.argv[2])
with open(run_dir + "/metrics.jsonl", encoding="utf-8") as lines:
    losses = [m["loss"] for m in map(json.loads, lines) if m.get("type") == "step"]
if len(losses) < 2:
    sys.exit(f"{run_dir}: {len(losses)} step line(s)")
print(f"loss {losses[0]:.3f} -> {losses[-1]:.3f} over {len(losses)} steps")
sys.exit(0 if losses[-1] * factor < losses[0] else 1)
