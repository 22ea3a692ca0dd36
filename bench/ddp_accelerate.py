"""A plain Accelerate DDP loop for `bench/run instrument`: an MLP on random data, accelerator.log
every step (as scripts do), no Catapult code. Prints its own steps/s over the timed steps as a
JSON line on rank 0."""

import argparse
import json
import time

import torch
from accelerate import Accelerator


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--width", type=int, default=512)
    p.add_argument("--batch", type=int, default=64)
    a = p.parse_args()
    accelerator = Accelerator()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(a.width, a.width), torch.nn.GELU(), torch.nn.Linear(a.width, a.width),
                                torch.nn.GELU(), torch.nn.Linear(a.width, 1))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    model, optimizer = accelerator.prepare(model, optimizer)
    g = torch.Generator().manual_seed(accelerator.process_index)
    x, y = torch.randn(a.batch, a.width, generator=g), torch.randn(a.batch, 1, generator=g)
    start = None
    for step in range(1, a.steps + 1):
        if step == a.warmup + 1:
            accelerator.wait_for_everyone()
            start = time.perf_counter()
        loss = torch.nn.functional.mse_loss(model(x), y)
        accelerator.backward(loss)
        optimizer.step()
        optimizer.zero_grad()
        accelerator.log({"loss": loss.item(), "lr": 1e-3}, step=step)
    accelerator.wait_for_everyone()
    if accelerator.is_main_process:
        print("BENCH " + json.dumps({"steps_per_s": (a.steps - a.warmup) / (time.perf_counter() - start)}), flush=True)


if __name__ == "__main__":
    main()
