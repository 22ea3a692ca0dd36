"""The built-in Catapult GPT recipe written with PyTorch's own DistributedDataParallel, or (with
--accelerate) with Accelerate's Accelerator.prepare(), or (with --fsdp2) sharded by FSDP2's
fully_shard (the peer of ZeRO-3, `bench/run zero`).

Run by `bench/run ddp` under torchrun (gloo, CPU) with the same model, batch, optimizer,
clipping and per-step loss all-reduce as `catapult-worker train`, so the throughputs can be
compared side by side. Each side in its strongest form: DDP with gradient_as_bucket_view, AdamW
with fused=True. The same training as the engine's: the first weights from --init_weights (a
safetensors file every side loads), the windows in file order (the engine's --no_shuffle), so the
final losses agree. Rank 0 prints one JSON line. --write_init FILE writes the first weights
(seed 1337) and exits.
"""
import argparse
import glob
import json
import math
import os
import resource
import time

import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1 = nn.LayerNorm(width)
        self.c_attn = nn.Linear(width, 3 * width)
        self.attn_proj = nn.Linear(width, width)
        self.ln_2 = nn.LayerNorm(width)
        self.c_fc = nn.Linear(width, 4 * width)
        self.mlp_proj = nn.Linear(4 * width, width)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        shape = lambda t: t.view(B, T, self.heads, C // self.heads).transpose(1, 2)
        y = F.scaled_dot_product_attention(shape(q), shape(k), shape(v), is_causal=True)
        h = x + self.attn_proj(y.transpose(1, 2).contiguous().view(B, T, C))
        return h + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(h)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, layers, heads, width, seq_len, vocab=256):
        super().__init__()
        self.wte = nn.Embedding(vocab, width)
        self.wpe = nn.Embedding(seq_len, width)
        self.h = nn.ModuleList(Block(width, heads) for _ in range(layers))
        self.ln_f = nn.LayerNorm(width)
        self.lm_head = nn.Linear(width, vocab, bias=False)

    def forward(self, idx):
        pos = torch.arange(idx.shape[1], device=idx.device)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))


def main():
    p = argparse.ArgumentParser()
    for name, default in [("steps", 60), ("layers", 4), ("heads", 4), ("width", 128), ("seq_len", 128),
                          ("batch_size", 16), ("warmup", 10)]:
        p.add_argument("--" + name, type=int, default=default)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--init_weights", help="safetensors file of the first weights (default: seed 1337)")
    p.add_argument("--write_init", help="write the first weights (seed 1337) to this safetensors file and exit")
    p.add_argument("--accelerate", action="store_true", help="Accelerator.prepare() instead of DDP")
    p.add_argument("--fsdp2", action="store_true", help="PyTorch FSDP2 (fully_shard per block, then the root) instead of DDP")
    a = p.parse_args()
    torch.manual_seed(1337)
    if a.write_init:
        from safetensors.torch import save_file
        save_file(Gpt(a.layers, a.heads, a.width, a.seq_len).state_dict(), a.write_init)
        return

    accelerator = None
    if a.accelerate:
        from accelerate import Accelerator
        accelerator = Accelerator(cpu=True)
    else:
        dist.init_process_group("gloo")
    rank, world = dist.get_rank(), dist.get_world_size()
    files = sorted(f for f in glob.glob("/usr/share/common-licenses/*") if os.path.isfile(f))
    seen, data = set(), b""
    for f in files:
        real = os.path.realpath(f)
        if real not in seen:
            seen.add(real)
            data += open(real, "rb").read()
    tokens = torch.frombuffer(bytearray(data), dtype=torch.uint8).long()
    samples = (len(tokens) - 1) // a.seq_len
    sampler = torch.utils.data.DistributedSampler(range(samples), num_replicas=world, rank=rank, shuffle=False)

    net = Gpt(a.layers, a.heads, a.width, a.seq_len)
    if a.init_weights:
        from safetensors.torch import load_file
        net.load_state_dict(load_file(a.init_weights))
    if a.fsdp2:
        from torch.distributed.device_mesh import init_device_mesh
        from torch.distributed.fsdp import fully_shard
        mesh = init_device_mesh("cpu", (world,))  # not the GPU fully_shard would pick where one is
        for block in net.h:
            fully_shard(block, mesh=mesh)
        model = fully_shard(net, mesh=mesh)
        # FSDP2's parameters are DTensors: its documented optimizer path is foreach.
        opt = torch.optim.AdamW(model.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.1, eps=1e-8, foreach=True)
    else:
        opt = torch.optim.AdamW(net.parameters(), lr=a.lr, betas=(0.9, 0.95), weight_decay=0.1, eps=1e-8, fused=True)
    if accelerator:
        model, opt = accelerator.prepare(net, opt)
    elif not a.fsdp2:
        model = torch.nn.parallel.DistributedDataParallel(net, gradient_as_bucket_view=True)
    epoch, order, pos = 0, [], 0
    timed, timed_steps, losses = 0.0, 0, []
    for step in range(1, a.steps + 1):
        if pos + a.batch_size > len(order):
            sampler.set_epoch(epoch)
            order, pos, epoch = list(sampler), 0, epoch + 1
        idx = order[pos:pos + a.batch_size]
        pos += a.batch_size
        t0 = time.perf_counter()
        windows = torch.stack([tokens[i * a.seq_len:i * a.seq_len + a.seq_len + 1] for i in idx])
        x, y = windows[:, :-1].contiguous(), windows[:, 1:].contiguous()
        lr = a.lr * 0.5 * (1 + math.cos(math.pi * step / a.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
        if accelerator:
            accelerator.backward(loss)
            accelerator.clip_grad_norm_(model.parameters(), 1.0)
        else:
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        # With bucket views, zeroing in place keeps .grad the bucket's memory (None would make
        # the next backward allocate and copy); Accelerate as its users write it.
        opt.zero_grad(set_to_none=bool(accelerator) or a.fsdp2)
        reported = loss.detach().clone()
        dist.all_reduce(reported)
        losses.append(reported.item() / world)
        dt = time.perf_counter() - t0
        if step > a.warmup:
            timed += dt
            timed_steps += 1
    peak = torch.tensor([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024], dtype=torch.long)
    peaks = [torch.zeros_like(peak) for _ in range(world)]
    dist.all_gather(peaks, peak)
    if rank == 0:
        tokens_per_step = a.batch_size * a.seq_len * world
        print(json.dumps({"tokens_per_s": tokens_per_step * timed_steps / timed, "step_s": timed / timed_steps,
                          "final_loss": reported.item() / world, "losses": losses,
                          "peak_rss_bytes": [int(t.item()) for t in peaks]}), flush=True)
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
