"""bench/run all: every benchmark one after the other (gpu-check only where nvidia-smi finds a GPU),
each one's output kept in BENCH_LOG_DIR (default build/bench-logs/NAME.log), then one table of
every figure of their last-line JSON objects and one JSON object holding them all, with the
machine they were measured on. A benchmark that fails is a row saying so; the others still run.
BENCH_ONLY="adam ddp" runs a subset."""
import json
import os
import platform
import shutil
import subprocess
import sys
import time

here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
build = os.environ.get("CATAPULT_BUILD_DIR", os.path.join(here, "build"))
names = ["adam", "ddp", "zero", "offload", "fp8", "instrument", "hf", "lora", "generate", "dashboard", "gpu-check"]


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
    mem = next(int(l.split()[1]) * 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal"))
    gpu = ""
    if shutil.which("nvidia-smi"):
        q = subprocess.run(["nvidia-smi", "--query-gpu=name", "--format=csv,noheader"], capture_output=True, text=True)
        gpu = ", ".join(sorted(set(q.stdout.split("\n")) - {""})) if q.returncode == 0 else ""
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_bytes": mem, "gpu": gpu or None}


def figures(value, prefix=""):
    """The numbers of a benchmark's JSON, flattened to dotted keys (lists of numbers as lists)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [(prefix, value)]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in figures(v, f"{prefix}.{k}" if prefix else k)]
    if isinstance(value, list) and value and all(isinstance(v, (int, float)) for v in value):
        return [(prefix, value)]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in figures(v, f"{prefix}[{i}]")]
    return []


def run(name, logs):
    started = time.time()
    log = os.path.join(logs, f"{name}.log")
    with open(log, "w") as out:
        code = subprocess.run([os.path.join(here, "bench", "run"), name], stdout=out, stderr=subprocess.STDOUT).returncode
    last = next((l for l in reversed(open(log).read().splitlines()) if l.startswith("{")), None)
    entry = {"seconds": round(time.time() - started, 1), "log": log}
    if code != 0 or last is None:
        entry["failed"] = f"exit status {code}; see {log}"
        return entry
    try:
        entry["result"] = json.loads(last)
    except json.JSONDecodeError as e:
        entry["failed"] = f"its last JSON line does not parse ({e}); see {log}"
    return entry


def show(value):
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def main():
    only = os.environ.get("BENCH_ONLY", "").split()
    has_gpu = machine()["gpu"] is not None
    logs = os.environ.get("BENCH_LOG_DIR", os.path.join(build, "bench-logs"))
    os.makedirs(logs, exist_ok=True)
    report = {"bench": "all", "machine": machine(), "commit": subprocess.run(
        ["git", "-C", here, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(), "benchmarks": {}}
    for name in names:
        if only and name not in only:
            continue
        if name == "gpu-check" and not has_gpu:
            report["benchmarks"][name] = {"skipped": "no NVIDIA GPU on this machine"}
            continue
        print(f"== bench/run {name}", flush=True)
        report["benchmarks"][name] = run(name, logs)
    m = report["machine"]
    print(f"\n{m['cpu']}, {m['cores']} cores, {m['memory_bytes'] / 2**30:.0f} GiB, GPU: {m['gpu'] or 'none'}; commit {report['commit']}")
    print(f"{'benchmark':11} {'figure':58} value")
    for name, entry in report["benchmarks"].items():
        if "result" not in entry:
            print(f"{name:11} {entry.get('skipped') or entry['failed']}")
            continue
        for key, value in figures(entry["result"]):
            print(f"{name:11} {key:58} {show(value)}")
    print(json.dumps(report))
    return 1 if any("failed" in e for e in report["benchmarks"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
