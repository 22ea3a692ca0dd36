"""DeepSpeed's DeepSpeedCPUAdam (adamw_mode, fp32 moments) on the parameters `bench/run adam`
gives the engine: N fp32 parameters in K tensors, the same seed-free layout, best of S steps.
One thread count per process (its OpenMP threads are fixed at load): OMP_NUM_THREADS.
Prints one JSON line: {"available": true, "threads": T, "step_s": ...} or, when DeepSpeed is not
installed or its CPU Adam op does not build here, {"available": false, "reason": "..."}."""
import argparse
import json
import os
import sys
import time

import torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--parameters", type=int, default=50_000_000)
    parser.add_argument("--tensors", type=int, default=24)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args()
    threads = int(os.environ.get("OMP_NUM_THREADS", os.cpu_count()))
    torch.set_num_threads(threads)
    try:
        from deepspeed.ops.adam import DeepSpeedCPUAdam
    except Exception as e:  # not installed, or its import fails on this machine
        print(json.dumps({"available": False, "reason": f"deepspeed: {type(e).__name__}: {e}"}))
        return
    each = args.parameters // args.tensors
    sizes = [each] * (args.tensors - 1) + [args.parameters - each * (args.tensors - 1)]
    params = [torch.nn.Parameter(torch.randn(n)) for n in sizes]
    for p in params:
        p.grad = torch.randn_like(p) * 1e-2
    try:
        opt = DeepSpeedCPUAdam(params, lr=1e-3, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1, adamw_mode=True,
                               fp32_optimizer_states=True)
        opt.step()  # builds (or loads) the op and allocates the moments
    except Exception as e:
        print(json.dumps({"available": False, "reason": f"DeepSpeedCPUAdam: {type(e).__name__}: {str(e)[:300]}"}))
        return
    best = float("inf")
    for _ in range(args.steps):
        start = time.perf_counter()
        opt.step()
        best = min(best, time.perf_counter() - start)
    import deepspeed
    print(json.dumps({"available": True, "threads": threads, "step_s": best, "version": deepspeed.__version__}))


if __name__ == "__main__":
    sys.exit(main())
