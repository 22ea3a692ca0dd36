"""bench/run instrument: what the Python instrumentation costs a DDP job. The same plain
Accelerate script (bench/ddp_accelerate.py) on 2 CPU ranks under `catapult launch`, with and
without --no_instrument, alternating, ROUNDS times each; the steps/s each run measures itself,
the median of each side and their ratio. Last line: one JSON object."""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile


def run(build, script, instrumented, steps):
    with tempfile.TemporaryDirectory() as tmp:
        flags = [] if instrumented else ["--no_instrument"]
        env = dict(os.environ, CATAPULT_STORE=os.path.join(tmp, "runs.sqlite"), OMP_NUM_THREADS="1",
                   PYTHON_EXEC=sys.executable)
        out = subprocess.run([os.path.join(build, "bin", "catapult"), "launch", "--num_processes", "2", "--cpu", "-q",
                              "--run_dir", os.path.join(tmp, "run")] + flags + ["--", script, "--steps", str(steps)],
                             env=env, capture_output=True, text=True, timeout=600)
        found = re.search(r"BENCH (\{.*\})", out.stdout)
        if out.returncode != 0 or not found:
            sys.exit("run failed:\n" + out.stdout[-3000:] + out.stderr[-2000:])
        return json.loads(found.group(1))["steps_per_s"]


def reporting_cost_us(build):
    """What one accelerator.log call's report costs in the rank itself: the step line built and
    written (to /dev/null here), microseconds per call over 20,000 calls."""
    code = ("import os, sys, time; sys.path.insert(0, %r); from catapult import _protocol as p; "
            "fd = os.open(os.devnull, os.O_WRONLY); os.dup2(fd, 1); n = 20000; t = time.perf_counter(); "
            "[p.step_line(i, {'loss': 1.5, 'lr': 1e-3}, 'accelerator.log') for i in range(n)]; "
            "sys.stderr.write(str((time.perf_counter() - t) / n * 1e6))") % os.path.join(build, "share", "catapult", "python")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ, RANK="0"))
    return float(out.stderr.strip().splitlines()[-1])


def main():
    build = sys.argv[1]
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ddp_accelerate.py")
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    steps = int(os.environ.get("BENCH_STEPS", "300"))
    on, off = [], []
    for r in range(rounds):
        for instrumented in ((True, False) if r % 2 == 0 else (False, True)):
            v = run(build, script, instrumented, steps)
            (on if instrumented else off).append(v)
            print("round %d, %s: %.1f steps/s" % (r + 1, "instrumented" if instrumented else "--no_instrument", v), flush=True)
    m_on, m_off = statistics.median(on), statistics.median(off)
    cost = reporting_cost_us(build)
    print("median steps/s: instrumented %.1f, --no_instrument %.1f, ratio %.4f (runs spread %.1f-%.1f)"
          % (m_on, m_off, m_on / m_off, min(on + off), max(on + off)))
    print("one step line built and written in the rank: %.1f us, %.3f%% of a %.1f ms step"
          % (cost, cost / 1e3 / (1e3 / m_off) * 100, 1e3 / m_off))
    print(json.dumps({"instrumented_steps_per_s": m_on, "uninstrumented_steps_per_s": m_off,
                      "instrumented_vs_not": m_on / m_off, "step_line_us": cost, "rounds": rounds, "steps": steps}))


if __name__ == "__main__":
    main()
