"""bench/run zero | offload: the GPT recipe under ZeRO stages and offload tiers, side by side.

Each setup is one `catapult launch` of `catapult-worker train`; figures come from the run's
metrics.jsonl (mean step time after the warm-up steps, the last memory line's peak RSS per rank)
and, for `zero`, from `catapult estimate-memory --json` for the same model and setup. `zero` also
trains the same model on the same data with PyTorch's FSDP2 (fully_shard, Gloo) under torchrun
(bench/ddp_gpt.py --fsdp2), the peer of ZeRO-3: every side starts from one safetensors file of
first weights and reads the windows in file order, so the final losses agree.
"""
import json
import os
import subprocess
import sys
import tempfile

name, build = sys.argv[1], sys.argv[2]
catapult = os.path.join(build, "bin", "catapult")
env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))


def launch(tmp, label, ranks, flags, model, steps):
    run_dir = os.path.join(tmp, "".join(c if c.isalnum() else "_" for c in label))
    cmd = [catapult, "launch", "--cpu", "--num_processes", str(ranks), "--run_dir", run_dir] + flags + [
        "--", "catapult-worker", "train", "--steps", str(steps), "--memory_every", str(steps)] + model
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    lines = [json.loads(l) for l in open(os.path.join(run_dir, "metrics.jsonl"))]
    started = next(l for l in lines if l["type"] == "started")
    warm = max(2, steps // 4)
    times = [l["step_time"] for l in lines if l["type"] == "step" and l["step"] > warm]
    memory = [l for l in lines if l["type"] == "memory"][-1]
    final = [l for l in lines if l["type"] == "step"][-1]
    return {
        "setup": label,
        "sharding": started["sharding"],
        "step_s": sum(times) / len(times),
        "peak_rss_bytes": [r["peak_rss_bytes"] for r in memory["ranks"]],
        "rss_before_model_bytes": started["rss_before_model_bytes"],
        "final_loss": final["loss"],
    }


def mib(b):
    return f"{b / 2**20:8.1f} MiB"


def fsdp2(tmp, shape, init, steps):
    """FSDP2 on 2 ranks: the mean step time after the same warm-up, peak RSS per rank, final loss."""
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
           os.path.join(here, "ddp_gpt.py"), "--fsdp2", "--steps", str(steps), "--warmup", str(max(2, steps // 4)),
           "--init_weights", init] + shape
    out = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    r = json.loads(out)
    return {"setup": "PyTorch FSDP2", "step_s": r["step_s"], "peak_rss_bytes": r["peak_rss_bytes"],
            "final_loss": r["final_loss"]}


def zero():
    steps = int(os.environ.get("BENCH_STEPS", "24"))
    layers, width, heads, seq, batch = 4, 256, 4, 128, 8
    shape = ["--layers", str(layers), "--width", str(width), "--heads", str(heads), "--seq_len", str(seq),
             "--batch_size", str(batch)]
    here = os.path.dirname(os.path.abspath(__file__))
    init_dir = tempfile.TemporaryDirectory()
    init = os.path.join(init_dir.name, "init.safetensors")
    subprocess.run([sys.executable, os.path.join(here, "ddp_gpt.py"), "--write_init", init] + shape, check=True)
    model = shape + ["--init_weights", init, "--no_shuffle", "--warmup_steps", "0", "--min_lr_ratio", "0"]
    setups = [("data parallel", []), ("ZeRO-1", ["--use_deepspeed", "--zero_stage", "1"]),
              ("ZeRO-2", ["--use_deepspeed", "--zero_stage", "2"]), ("ZeRO-3", ["--use_deepspeed", "--zero_stage", "3"]),
              ("ZeRO-3 + offload cpu", ["--use_deepspeed", "--zero_stage", "3", "--offload_optimizer_device", "cpu",
                                        "--offload_param_device", "cpu"])]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, flags in setups:
            r = launch(tmp, label, 2, flags, model, steps)
            stage = flags[flags.index("--zero_stage") + 1] if "--zero_stage" in flags else "0"
            est_cmd = [catapult, "estimate-memory", "--no_probe", "--cpu", "--json", "--num_processes", "2",
                       "--zero_stage", stage, "--layers", str(layers), "--width", str(width), "--heads", str(heads),
                       "--seq_len", str(seq), "--vocab", "256", "--batch_size", str(batch)]
            for f in ("--offload_optimizer_device", "--offload_param_device"):
                if f in flags:
                    est_cmd += [f, flags[flags.index(f) + 1]]
            est = json.loads(subprocess.run(est_cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            r["estimate_bytes"] = est["device_total_bytes"] + est["host_bytes"]
            r["measured_bytes"] = max(r["peak_rss_bytes"]) - r["rss_before_model_bytes"]
            r["estimate_vs_measured"] = r["estimate_bytes"] / r["measured_bytes"]
            results.append(r)
        peer = fsdp2(tmp, shape, init, steps)
    dp = results[0]["step_s"]
    print(f"GPT {layers} layers, width {width}, seq {seq}, batch {batch} per rank, 2 CPU ranks, {steps} steps")
    print(f"{'setup':24} {'s/step':>8} {'vs DP':>6} {'peak RSS/rank':>14} {'measured':>13} {'estimate':>13} {'est/meas':>8} {'final loss':>10}")
    for r in results:
        print(f"{r['setup']:24} {r['step_s']:8.4f} {r['step_s'] / dp:6.2f} {mib(max(r['peak_rss_bytes']))} "
              f"{mib(r['measured_bytes'])} {mib(r['estimate_bytes'])} {r['estimate_vs_measured']:8.2f} {r['final_loss']:10.6f}")
    print(f"{peer['setup']:24} {peer['step_s']:8.4f} {peer['step_s'] / dp:6.2f} {mib(max(peer['peak_rss_bytes']))} "
          f"{'':13} {'':13} {'':8} {peer['final_loss']:10.6f}")
    z3 = next(r for r in results if r["setup"] == "ZeRO-3")
    vs = {"zero3_vs_fsdp2_speed": peer["step_s"] / z3["step_s"],
          "zero3_vs_fsdp2_peak_rss": max(z3["peak_rss_bytes"]) / max(peer["peak_rss_bytes"]),
          "zero3_vs_fsdp2_final_loss_difference": abs(z3["final_loss"] - peer["final_loss"])}
    print(f"ZeRO-3 vs FSDP2: {vs['zero3_vs_fsdp2_speed']:.2f}x the speed, {vs['zero3_vs_fsdp2_peak_rss']:.2f}x the peak RSS "
          f"per rank, final losses {vs['zero3_vs_fsdp2_final_loss_difference']:.1e} apart")
    worst = max(abs(r["estimate_vs_measured"] - 1) for r in results)
    print(json.dumps({"bench": "zero", "results": results, "fsdp2": peer, **vs, "estimate_worst_error": worst}))


def offload():
    steps = int(os.environ.get("BENCH_STEPS", "8"))
    model = ["--layers", "8", "--width", "512", "--heads", "8", "--seq_len", "64", "--batch_size", "2"]
    nvme_root = os.environ.get("BENCH_NVME_DIR") or tempfile.gettempdir()
    results = []
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory(dir=nvme_root) as nvme:
        setups = [
            ("ZeRO-2, in memory", ["--use_deepspeed", "--zero_stage", "2"]),
            ("ZeRO-2, optimizer on disk", ["--use_deepspeed", "--zero_stage", "2", "--offload_optimizer_device", "nvme",
                                          "--offload_optimizer_nvme_path", nvme]),
            ("ZeRO-3, in memory", ["--use_deepspeed", "--zero_stage", "3"]),
            ("ZeRO-3, params+optimizer on disk", ["--use_deepspeed", "--zero_stage", "3", "--offload_optimizer_device", "nvme",
                                                 "--offload_optimizer_nvme_path", nvme, "--offload_param_device", "nvme",
                                                 "--offload_param_nvme_path", nvme]),
        ]
        for label, flags in setups:
            results.append(launch(tmp, label, 1, flags, model, steps))
    print(f"GPT 8 layers, width 512 (about 25M parameters), 1 process, {steps} steps; disk tier in {nvme_root}")
    print(f"{'setup':34} {'s/step':>8} {'peak RSS':>13} {'final loss':>10}")
    for r in results:
        print(f"{r['setup']:34} {r['step_s']:8.3f} {mib(r['peak_rss_bytes'][0])} {r['final_loss']:10.4f}")
    base = {r["setup"].split(",")[0]: r for r in results if "in memory" in r["setup"]}
    for r in results:
        if "disk" in r["setup"]:
            ref = base[r["setup"].split(",")[0]]
            r["rss_saved_bytes"] = ref["peak_rss_bytes"][0] - r["peak_rss_bytes"][0]
            r["step_time_ratio"] = r["step_s"] / ref["step_s"]
            print(f"{r['setup']}: {mib(r['rss_saved_bytes'])} less peak RSS, step time x{r['step_time_ratio']:.2f}")
    print(json.dumps({"bench": "offload", "results": results}))


zero() if name == "zero" else offload()
