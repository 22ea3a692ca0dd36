"""A plain Accelerate training script with no Catapult code: a small regression model on random
data, accelerator.log every step. --steps N, --sleep S (seconds per step, to give the launcher's
memory sampling time), --skip_all_reduce_at K (rank 1 skips one all_reduce at step K and waits
at a barrier instead: a real deadlock), --nan_at K (the loss becomes NaN at step K)."""

import argparse
import time

import torch
from accelerate import Accelerator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--sleep", type=float, default=0.0)
    parser.add_argument("--skip_all_reduce_at", type=int, default=0)
    parser.add_argument("--nan_at", type=int, default=0)
    parser.add_argument("--no_log", action="store_true", help="only backward: no accelerator.log")
    args = parser.parse_args()

    accelerator = Accelerator()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2)
    model, optimizer = accelerator.prepare(model, optimizer)
    generator = torch.Generator().manual_seed(1 + accelerator.process_index)
    for step in range(1, args.steps + 1):
        x = torch.randn(16, 32, generator=generator)
        y = x.sum(dim=1, keepdim=True)
        loss = torch.nn.functional.mse_loss(model(x), y)
        if step == args.nan_at:
            loss = loss * float("nan")
        accelerator.backward(loss)
        optimizer.step()
        optimizer.zero_grad()
        if step == args.skip_all_reduce_at:
            flag = torch.ones(1)
            if accelerator.process_index == 1:
                accelerator.wait_for_everyone()  # rank 1 skips the all_reduce below
            else:
                torch.distributed.all_reduce(flag)
        if not args.no_log:
            accelerator.log({"loss": loss.item(), "lr": optimizer.param_groups[0]["lr"], "my_metric": step * 0.5}, step=step)
        if args.sleep:
            time.sleep(args.sleep)
    accelerator.end_training()


if __name__ == "__main__":
    main()
