"""bench/run gpu-check [--cpu]: every GPU path of the engine once, on a machine with an NVIDIA GPU
and PyTorch (the pip wheel) but no Qt.

1. Configures the engine-only tree against this Python's torch and builds catapult-worker
   (CATAPULT_GPU_BUILD_DIR, default build-gpu/; CATAPULT_JOBS jobs, default all cores).
2. Runs the checks, each in fresh worker processes started here with the environment torchrun
   gives its workers (RANK, LOCAL_RANK, WORLD_SIZE, LOCAL_WORLD_SIZE, GROUP_RANK, MASTER_ADDR,
   MASTER_PORT on a free port, CATAPULT_RUN_DIR), one GPU per rank:
     probe                      catapult-worker probe: the GPU fields
     nccl, dp, zero3, offload,  catapult-worker gpu-check STEP (engine/worker/GpuCheck.h), on 1 rank
     offload3                   and, with 2+ GPUs, on 2
     memory                     catapult-worker train, bf16: the memory lines' cuda_* fields, on 1 and 2
     precision                  bf16, and fp16 with the loss scaler, against fp32 (1 rank)
     fp8                        catapult-worker bench fp8: _scaled_mm vs bf16 at 8192^3, GPT step at width 4096
3. Prints one line per check, then, last, one JSON object with every figure, each check's "pass"
   and the overall "pass".
Exit status: 0 when every check passed, 1 when one failed (or the build did), 2 without a CUDA GPU.

--cpu (or CATAPULT_GPU_CHECK_CPU=1) runs the same on the CPU (gloo, small sizes, 2 ranks always)
with the CUDA-only figures "skipped": it exercises this script on a machine without a GPU.
GPU_CHECK_TIMEOUT_S bounds each check (default 300); a rank that fails stops the others at once.
CATAPULT_GPU_CHECK_WORKER=PATH checks that catapult-worker instead of building one.
"""
import glob
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = time.monotonic()
CPU = "--cpu" in sys.argv[1:] or os.environ.get("CATAPULT_GPU_CHECK_CPU", "") not in ("", "0")
TIMEOUT_S = int(os.environ.get("GPU_CHECK_TIMEOUT_S", "300"))
WORKER_STEPS = ["nccl", "dp", "zero3", "offload", "offload3"]


def finish(result, code):
    """The last line: one JSON object."""
    result["total_s"] = round(time.monotonic() - START, 1)
    print(json.dumps(result))
    sys.exit(code)


def fatal(message, code=1, **facts):
    print(f"gpu-check: {message}", file=sys.stderr)
    result = {"bench": "gpu-check", "mode": "cpu" if CPU else "gpu", "pass": False, "error": message}
    finish(dict(result, **facts), code)


def torch_facts():
    try:
        import torch
    except ImportError as e:
        fatal(f"{sys.executable} cannot import torch ({e}); set PYTHON to the Python that has PyTorch.")
    return {"torch_version": torch.__version__, "torch_cuda": torch.version.cuda,
            "cmake_prefix": torch.utils.cmake_prefix_path,
            "gpus": torch.cuda.device_count() if torch.cuda.is_available() else 0}


def nvidia_smi():
    if not shutil.which("nvidia-smi"):
        return "nvidia-smi not found"
    r = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True)
    return (r.stdout or r.stderr).strip() or f"nvidia-smi -L exited {r.returncode}"


# ---- the build ----------------------------------------------------------------------------

def tail(path, lines=40):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


def gloo_headers_found(facts):
    """The wheel ships no Gloo headers, yet its ProcessGroupGloo.hpp includes them."""
    cxx = os.environ.get("CXX") or shutil.which("c++") or shutil.which("g++")
    if not cxx:
        fatal("no C++ compiler found (c++ or $CXX).")
    torch_include = os.path.join(os.path.dirname(os.path.dirname(facts["cmake_prefix"])), "include")
    r = subprocess.run([cxx, "-x", "c++", "-E", "-isystem", torch_include, "-o", os.devnull, "-"],
                       input="#include <gloo/config.h>\n", capture_output=True, text=True)
    return r.returncode == 0


def configure_args(build_dir, facts):
    args = ["cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release", "-DCATAPULT_ENGINE_ONLY=ON",
            "-DCATAPULT_BUILD_TESTS=OFF", f"-DCMAKE_PREFIX_PATH={facts['cmake_prefix']}"]
    if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):  # the generator is fixed at the first run
        args += ["-G", "Ninja" if shutil.which("ninja") else "Unix Makefiles"]
    if not shutil.which("nvcc") and os.path.exists("/usr/local/cuda/bin/nvcc"):
        args.append("-DCUDAToolkit_ROOT=/usr/local/cuda")
    return args + carried_header_args()


def carried_header_args():
    """Header-only dependencies (nlohmann-json, CLI11) and zlib's header brought along on
    CPLUS_INCLUDE_PATH to a host without their packages, for CMake's searches too."""
    folders = [d for d in os.environ.get("CPLUS_INCLUDE_PATH", "").split(":") if d]
    if not folders:
        return []
    args = ["-DCMAKE_INCLUDE_PATH=" + ";".join(folders)]
    carried_zlib = [d for d in folders if os.path.exists(os.path.join(d, "zlib.h"))]
    if carried_zlib and not os.path.exists("/usr/include/zlib.h"):
        runtime = sorted(glob.glob("/lib/*/libz.so.1") + glob.glob("/usr/lib/*/libz.so.1") + glob.glob("/lib64/libz.so.1"))
        if runtime:
            args += [f"-DZLIB_INCLUDE_DIR={carried_zlib[0]}", f"-DZLIB_LIBRARY={runtime[0]}"]
    return args


def build(facts):
    if not shutil.which("cmake"):
        fatal("cmake not found (3.25 or newer; `pip install cmake` brings one).")
    if not gloo_headers_found(facts):
        fatal("the Gloo headers are missing: the torch wheel ships none, but its ProcessGroupGloo.hpp includes "
              "them. Install libgloo-dev (Debian/Ubuntu) or put a gloo checkout's headers on CPLUS_INCLUDE_PATH "
              "(with those of nlohmann-json, CLI11 and zlib when their packages are missing too).")
    build_dir = os.path.abspath(os.environ.get("CATAPULT_GPU_BUILD_DIR") or os.path.join(ROOT, "build-gpu"))
    os.makedirs(build_dir, exist_ok=True)
    log = os.path.join(build_dir, "gpu-check-build.log")
    t0 = time.monotonic()
    print(f"== configure and build catapult-worker in {build_dir} (log: {log})", flush=True)
    with open(log, "w") as out:
        r = subprocess.run(configure_args(build_dir, facts), stdout=out, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        fatal(f"cmake configure failed:\n{tail(log)}")
    configured = open(log, errors="replace").read()
    if not CPU and "CUDA paths: ON" not in configured:
        fatal(f"the engine was configured without its CUDA paths: CMake found no CUDA toolkit matching the wheel's "
              f"CUDA {facts['torch_cuda']} (nvcc). Install that toolkit or set CUDAToolkit_ROOT.")
    jobs = os.environ.get("CATAPULT_JOBS") or str(os.cpu_count() or 1)
    with open(log, "a") as out:
        r = subprocess.run(["cmake", "--build", build_dir, "-j", jobs, "--target", "catapult-worker"], stdout=out,
                           stderr=subprocess.STDOUT)
    if r.returncode != 0:
        last = tail(log)
        hint = ("\nnccl.h is missing: it comes from the nvidia-nccl wheel torch depends on, or from the CUDA "
                "toolkit's NCCL." if "nccl.h" in last else "")
        fatal(f"the build failed:\n{last}{hint}")
    return os.path.join(build_dir, "bin", "catapult-worker"), round(time.monotonic() - t0, 1)


# ---- running ranks ------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rank_environment(rank, world, port, run_dir, extra):
    # Nothing of the caller's training setup (ACCELERATE_*, FSDP_*, fault drills) leaks into a check.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCELERATE_", "FSDP_", "CATAPULT_FAULT_"))}
    env.update({"RANK": str(rank), "LOCAL_RANK": str(rank), "WORLD_SIZE": str(world), "LOCAL_WORLD_SIZE": str(world),
                "GROUP_RANK": "0", "GROUP_WORLD_SIZE": "1", "ROLE_RANK": str(rank), "ROLE_WORLD_SIZE": str(world),
                "ROLE_NAME": "default", "MASTER_ADDR": "127.0.0.1", "MASTER_PORT": str(port),
                "TORCHELASTIC_RUN_ID": "gpu-check", "CATAPULT_RUN_DIR": run_dir,
                "CATAPULT_RENDEZVOUS_TIMEOUT_S": "60", "CATAPULT_COLLECTIVE_TIMEOUT_S": "120",
                "OMP_NUM_THREADS": "1" if CPU else str(max(1, (os.cpu_count() or 1) // world))})
    if CPU:
        env.update({"ACCELERATE_USE_CPU": "true", "CUDA_VISIBLE_DEVICES": ""})
    env.update(extra)
    return env


def run_ranks(worker, args, world, tag, tmp, extra=None):
    """Starts `world` ranks of `worker args`; when one fails (or time runs out) the others are
    stopped. Returns each rank's (exit code, stdout, stderr) and why ranks were stopped (or None)."""
    port, run_dir = free_port(), os.path.join(tmp, tag)
    os.makedirs(run_dir, exist_ok=True)
    procs, files = [], []
    for rank in range(world):
        out = open(os.path.join(tmp, f"{tag}.rank{rank}.out"), "w+")
        err = open(os.path.join(tmp, f"{tag}.rank{rank}.err"), "w+")
        files.append((out, err))
        procs.append(subprocess.Popen([worker] + args, stdout=out, stderr=err,
                                      env=rank_environment(rank, world, port, run_dir, extra or {})))
    deadline, stopped = time.monotonic() + TIMEOUT_S, None
    while any(p.poll() is None for p in procs):
        if stopped is None and any(p.returncode not in (None, 0) for p in procs):
            # The others get a moment to finish: they may be printing a failure they agreed on.
            stopped, deadline = "another rank failed", min(deadline, time.monotonic() + 10)
        if time.monotonic() > deadline:
            stopped = stopped or f"the check ran past GPU_CHECK_TIMEOUT_S={TIMEOUT_S}"
            stop(procs)
            break
        time.sleep(0.1)
    results = []
    for p, (out, err) in zip(procs, files):
        out.seek(0)
        err.seek(0)
        results.append((p.returncode, out.read(), err.read()))
        out.close()
        err.close()
    return results, stopped


def stop(procs):
    for p in procs:
        if p.poll() is None:
            p.terminate()
    grace = time.monotonic() + 5
    for p in procs:
        try:
            p.wait(timeout=max(0.1, grace - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def last_json(text, key):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if key in obj:
                return obj
    return None


def rank_failure(rank, rc, out, err, stopped):
    """Why a rank exited non-zero; None when its own line already says (a check that ran and failed)."""
    line = last_json(out, "pass")
    if line and line.get("error"):
        return f"rank {rank}: {line['error']}"
    if line:
        return None
    if rc < 0 and stopped:
        return f"rank {rank} stopped: {stopped}"
    last = (err.strip().splitlines() or ["(no output)"])[-1]
    return f"rank {rank} exited {rc}: {last}"


def with_exits(result, run):
    """The ranks' exit codes decide too: a rank that failed fails the check."""
    ranks, stopped = run
    result["exit_codes"] = [rc for rc, _, _ in ranks]
    failures = [rank_failure(r, rc, out, err, stopped) for r, (rc, out, err) in enumerate(ranks) if rc != 0]
    if failures:
        result["pass"] = False
    errors = [e for e in failures if e]
    if errors:
        result["error"] = "; ".join(errors)  # each rank named, its own line's error included
    return result


# ---- the checks ---------------------------------------------------------------------------

def worker_check(worker, step, world, tmp, corpus):
    run = run_ranks(worker, ["gpu-check", step, "--corpus", corpus], world, f"{step}_ws{world}", tmp)
    line = last_json(run[0][0][1], "check") or {}
    line.pop("check", None)
    line.pop("rank", None)
    return with_exits(line, run)


def probe_check(worker, tmp):
    run = run_ranks(worker, ["probe", "--disk_path", tmp], 1, "probe", tmp)
    try:
        probe = json.loads(run[0][0][1])
    except ValueError:
        return with_exits({"pass": False, "error": "the probe printed no JSON document"}, run)
    cuda, gpus = probe.get("cuda", {}), probe.get("gpus", [])
    r = {"hostname": probe.get("hostname"), "libtorch_version": probe.get("libtorch_version"),
         "catapult_version": probe.get("catapult_version"), "built_with_cuda": cuda.get("built_with_cuda")}
    if CPU:
        for key in ("cuda_available", "runtime_version", "driver_version", "gpu_count", "gpus", "nccl_version"):
            r[key] = "skipped"
        r["pass"] = "cpu" in probe and "memory" in probe
        r["summary"] = f"probe ran (GPU fields skipped): {probe.get('cpu', {}).get('model', '?')}"
        return with_exits(r, run)
    fields = ("name", "uuid", "total_bytes", "free_bytes", "compute_capability", "multiprocessors", "pci_bus_id",
              "peer_access", "nvlink_active_links")
    r.update({"cuda_available": cuda.get("available"), "runtime_version": cuda.get("runtime_version"),
              "driver_version": cuda.get("driver_version"), "gpu_count": probe.get("gpu_count"),
              "nccl_version": probe.get("nccl_version"),
              "gpus": [{k: g[k] for k in fields if k in g} for g in gpus]})
    complete = all(g.get("name") and g.get("total_bytes", 0) > 0 and g.get("compute_capability") for g in gpus)
    r["pass"] = bool(cuda.get("available") and cuda.get("built_with_cuda") and gpus and complete and
                     probe.get("nccl_version"))
    described = [f"{g.get('name')} sm_{g.get('compute_capability', '').replace('.', '')} "
                 f"{g.get('total_bytes', 0) / 2**30:.0f} GiB" for g in gpus]
    r["summary"] = (f"{len(gpus)} GPU(s): {', '.join(described)}; CUDA runtime {cuda.get('runtime_version')}, "
                    f"driver {cuda.get('driver_version')}, NCCL {probe.get('nccl_version')}")
    return with_exits(r, run)


def memory_check(worker, world, tmp, corpus):
    tag = f"memory_ws{world}"
    run_dir = os.path.join(tmp, tag)
    size = (["--layers", "2", "--heads", "2", "--width", "64", "--seq_len", "64", "--batch_size", "4", "--steps", "4"]
            if CPU else
            ["--layers", "2", "--heads", "4", "--width", "256", "--seq_len", "128", "--batch_size", "8",
             "--steps", "6"])
    args = ["train", "--memory_every", "2", "--corpus", corpus, "--run_dir", run_dir] + size
    run = run_ranks(worker, args, world, tag, tmp, {"ACCELERATE_MIXED_PRECISION": "no" if CPU else "bf16"})
    metrics = os.path.join(run_dir, "metrics.jsonl")
    lines = [json.loads(l) for l in open(metrics)] if os.path.exists(metrics) else []
    memory = [l for l in lines if l.get("type") == "memory"]
    losses = [l["loss"] for l in lines if l.get("type") == "step"]
    last = memory[-1]["ranks"] if memory else []
    keys = ("cuda_allocated_bytes", "cuda_reserved_bytes", "cuda_peak_bytes")
    r = {"memory_lines": len(memory), "losses": losses, "finished": any(l.get("type") == "finished" for l in lines),
         "model_saved": os.path.exists(os.path.join(run_dir, "model.safetensors")),
         "ranks": [{k: m[k] for k in ("rank", "rss_bytes", "peak_rss_bytes") + keys if k in m} for m in last]}
    sound = (len(last) == world and r["finished"] and r["model_saved"] and losses and
             all(l is not None and math.isfinite(l) for l in losses) and all(m.get("rss_bytes", 0) > 0 for m in last))
    if CPU:
        r["cuda_fields"] = "skipped"
        r["pass"] = bool(sound)
        r["summary"] = f"{len(memory)} memory lines, {world} rank(s) each, RSS only (CUDA fields skipped)"
    else:
        cuda_ok = all(all(m.get(k, 0) > 0 for k in keys) and m["cuda_reserved_bytes"] >= m["cuda_allocated_bytes"] and
                      m["cuda_peak_bytes"] >= m["cuda_allocated_bytes"] for m in last)
        r["pass"] = bool(sound and cuda_ok)
        r["summary"] = f"{len(memory)} memory lines; last: " + ", ".join(
            f"rank {m.get('rank')} allocated {m.get(keys[0], 0) / 2**20:.0f} MiB, reserved "
            f"{m.get(keys[1], 0) / 2**20:.0f} MiB, peak {m.get(keys[2], 0) / 2**20:.0f} MiB" for m in last)
    return with_exits(r, run)


def tflops(value):
    return f"{value:.1f}" if value >= 1 else f"{value:.3g}"


def fp8_check(worker, tmp, probe):
    gpus = probe.get("gpus") if isinstance(probe.get("gpus"), list) else []
    capabilities = [tuple(int(x) for x in g["compute_capability"].split("."))
                    for g in gpus if g.get("compute_capability")]
    if not CPU and capabilities and capabilities[0] < (8, 9):
        return {"skipped": f"GPU 0 has compute capability {capabilities[0][0]}.{capabilities[0][1]}; FP8 needs 8.9+"}
    run = run_ranks(worker, ["bench", "fp8"], 1, "fp8", tmp)
    r = last_json(run[0][0][1], "bench") or {}
    r.pop("bench", None)
    figures = ("bf16_gemm_tflops", "fp8_gemm_tflops", "bf16_step_s", "fp8_step_s", "bf16_loss", "fp8_loss")
    finite = all(isinstance(r.get(k), (int, float)) and math.isfinite(r[k]) and r[k] > 0 for k in figures)
    # FP8 tensor cores run twice the bf16 rate; a product no faster than bf16 is not on them.
    r["pass"] = bool(finite and (CPU or r.get("gemm_speedup", 0) > 1.0))
    if finite:
        r["summary"] = (f"{r['gemm_size']}^3: bf16 {tflops(r['bf16_gemm_tflops'])} TFLOP/s, "
                        f"fp8 {tflops(r['fp8_gemm_tflops'])} TFLOP/s ({r['gemm_speedup']:.2f}x); "
                        f"GPT width {r['width']}: bf16 {r['bf16_step_s']:.4f} s/step, "
                        f"fp8 {r['fp8_step_s']:.4f} s/step ({r['end_to_end_speedup']:.2f}x)" +
                        (" (CPU: emulated, checks the path)" if CPU else ""))
    return with_exits(r, run)


# ---- the whole run ------------------------------------------------------------------------

def write_corpus(tmp):
    """The repository's own text: the same on every machine, Debian's licence texts or not."""
    path = os.path.join(tmp, "corpus.txt")
    names = ["README.md"]
    for sub in ("engine/include/catapult", "engine/src", "engine/config", "engine/worker"):
        names += sorted(os.path.join(sub, f) for f in os.listdir(os.path.join(ROOT, sub))
                        if os.path.isfile(os.path.join(ROOT, sub, f)))
    with open(path, "wb") as out:
        for name in names:
            with open(os.path.join(ROOT, name), "rb") as f:
                out.write(f.read())
    return path


def report(name, r):
    state = "SKIP" if "skipped" in r else "PASS" if r.get("pass") else "FAIL"
    text = r.get("skipped") or r.get("summary") or ""
    if state == "FAIL" and r.get("error"):
        text = f"{text}; {r['error']}" if text else r["error"]
    print(f"{state}  {name:13} {text}", flush=True)


def main():
    facts = torch_facts()
    if not CPU and facts["gpus"] == 0:
        fatal(f"no CUDA GPU is visible (torch.cuda.device_count() = 0; nvidia-smi -L: {nvidia_smi()}). Run this on a "
              "machine with an NVIDIA GPU, or `bench/run gpu-check --cpu` for a dry run on the CPU.", 2, **facts)
    if os.environ.get("CATAPULT_GPU_CHECK_WORKER"):
        worker, build_s = os.path.abspath(os.environ["CATAPULT_GPU_CHECK_WORKER"]), 0.0
    else:
        worker, build_s = build(facts)
    worlds = [1, 2] if CPU or facts["gpus"] >= 2 else [1]
    checks, t0 = {}, time.monotonic()
    with tempfile.TemporaryDirectory(prefix="gpu-check-") as tmp:
        corpus = write_corpus(tmp)

        def run(name, fn, *args):
            t = time.monotonic()
            checks[name] = fn(*args)
            checks[name]["wall_s"] = round(time.monotonic() - t, 1)
            report(name, checks[name])

        run("probe", probe_check, worker, tmp)
        for world in worlds:
            for step in WORKER_STEPS:
                run(f"{step}_ws{world}", worker_check, worker, step, world, tmp, corpus)
            if world == 1:
                run("precision", worker_check, worker, "precision", 1, tmp, corpus)
            run(f"memory_ws{world}", memory_check, worker, world, tmp, corpus)
        if 2 not in worlds:
            for name in [f"{s}_ws2" for s in WORKER_STEPS] + ["memory_ws2"]:
                checks[name] = {"skipped": f"{facts['gpus']} GPU visible: the 2-rank checks need 2"}
                report(name, checks[name])
        run("fp8", fp8_check, worker, tmp, checks["probe"])
    failed = [name for name, r in checks.items() if "skipped" not in r and not r.get("pass")]
    total = time.monotonic() - START
    result = {"bench": "gpu-check", "mode": "cpu" if CPU else "gpu", "pass": not failed, "failed": failed,
              "python": sys.executable, "torch_version": facts["torch_version"], "torch_cuda": facts["torch_cuda"],
              "gpus": facts["gpus"], "world_sizes": worlds, "build_s": build_s,
              "checks_s": round(time.monotonic() - t0, 1), "under_8_min": total < 480, "checks": checks}
    print(f"gpu-check ({result['mode']}): {'every check passed' if not failed else 'FAILED: ' + ', '.join(failed)}; "
          f"build {build_s:.0f} s, checks {result['checks_s']:.0f} s, total {total:.0f} s", flush=True)
    finish(result, 0 if not failed else 1)


if __name__ == "__main__":
    main()
