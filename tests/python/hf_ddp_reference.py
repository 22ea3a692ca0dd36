"""What transformers + torch DDP compute for the engine's Hugging Face training tests: the same
model directory, the same packed windows of the same text, the same data order, optimizer and
schedule as `catapult-worker train --model DIR --no_shuffle`, trained by transformers' own model
under DistributedDataParallel on gloo, so the losses can be compared step by step.

    python hf_ddp_reference.py train --model DIR (--text FILE | --prepared DIR) --out JSON [--ranks 2] [--steps 30]
        [--seq_len 16] [--batch_size 2] [--lr 2e-3] [--weight_decay 0.01] [--warmup_steps 1]
        [--min_lr_ratio 0.1] [--grad_clip 1.0]
        [--adapter DIR --save_adapter DIR]
    python hf_ddp_reference.py logits --model DIR --ids SAFETENSORS --out SAFETENSORS [--adapter DIR]
    python hf_ddp_reference.py init-adapter --model DIR --out DIR [--r 8] [--alpha 16] [--targets q_proj,v_proj]

--adapter: LoRA with PEFT (PeftModel.from_pretrained(..., is_trainable=True)), only the
adapters in the optimizer; --save_adapter writes the trained adapter (save_pretrained).

--prepared: a dataset directory `python -m catapult.prepare dataset` wrote (the engine's
--dataset), its examples one per sample, padded, the loss on the masked tokens only.
`train` writes {"losses": [...], "grad_norms": [...]} (one per optimizer step, the loss averaged
over ranks as the engine reports it). `logits` loads DIR with from_pretrained and writes the
logits for the "ids" tensor of SAFETENSORS."""

import argparse
import json
import math
import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torch.nn.functional as F


def lr_at(step, a):
    """The engine's schedule: linear warmup, then cosine decay to min_lr_ratio * lr."""
    if a.warmup_steps > 0 and step <= a.warmup_steps:
        return a.lr * step / a.warmup_steps
    span = max(1, a.steps - a.warmup_steps)
    progress = min(1.0, max(0.0, (step - a.warmup_steps) / span))
    low = a.lr * a.min_lr_ratio
    return low + 0.5 * (a.lr - low) * (1.0 + math.cos(math.pi * progress))


def windows(a):
    """(input, target) samples: packed windows of the text, or the examples of a prepared dataset."""
    if a.prepared:
        return examples(a.prepared)
    from tokenizers import Tokenizer

    with open(a.text, encoding="utf-8", newline="") as f:
        text = f.read()
    ids = Tokenizer.from_file(os.path.join(a.model, "tokenizer.json")).encode(text, add_special_tokens=False).ids
    ids = torch.tensor(ids, dtype=torch.long)
    count = (len(ids) - 1) // a.seq_len
    return [(w[:-1], w[1:]) for w in (ids[i * a.seq_len: i * a.seq_len + a.seq_len + 1] for i in range(count))]


def examples(directory):
    """The training examples of a dataset `python -m catapult.prepare dataset` wrote: targets of
    tokens outside the mask are -100 (ignored by the loss, as transformers' labels)."""
    import numpy

    ids = torch.from_numpy(numpy.fromfile(os.path.join(directory, "train.ids"), dtype="<i4").astype("int64"))
    mask = torch.from_numpy(numpy.fromfile(os.path.join(directory, "train.mask"), dtype="u1").astype("bool"))
    starts = numpy.fromfile(os.path.join(directory, "train.starts"), dtype="<i8").tolist()
    labels = ids.masked_fill(~mask, -100)
    return [(ids[s:e - 1], labels[s + 1:e]) for s, e in zip(starts, starts[1:])]


def collate(samples):
    """A batch padded at the end to its longest sample: inputs with 0, targets with -100."""
    longest = max(len(x) for x, _ in samples)
    x = torch.zeros(len(samples), longest, dtype=torch.long)
    y = torch.full((len(samples), longest), -100, dtype=torch.long)
    for row, (xi, yi) in enumerate(samples):
        x[row, :len(xi)], y[row, :len(yi)] = xi, yi
    return x, y


def batches(samples, rank, a):
    """torch's DistributedSampler(shuffle=False, drop_last=False) per epoch, cut into batches
    (a last partial batch dropped), epoch after epoch."""
    from torch.utils.data.distributed import DistributedSampler

    sampler = DistributedSampler(range(len(samples)), num_replicas=a.ranks, rank=rank, shuffle=False)
    while True:
        mine = list(sampler)
        for k in range(len(mine) // a.batch_size):
            yield collate([samples[i] for i in mine[k * a.batch_size:(k + 1) * a.batch_size]])


def train_rank(rank, a, port):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=a.ranks)
    from torch.nn.parallel import DistributedDataParallel
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32, attn_implementation="eager")
    if a.adapter:  # LoRA: PEFT's model from the initial adapter, only the adapters trained
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, a.adapter, is_trainable=True)
    ddp = DistributedDataParallel(model)
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=lr_at(1, a), betas=(0.9, 0.95), eps=1e-8, weight_decay=a.weight_decay)
    data = batches(windows(a), rank, a)
    losses, norms = [], []
    for step in range(1, a.steps + 1):
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step, a)
        x, y = next(data)
        logits = ddp(input_ids=x).logits.float()
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1), ignore_index=-100)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(trained, a.grad_clip if a.grad_clip > 0 else float("inf"))
        optimizer.step()
        optimizer.zero_grad()
        mean = loss.detach().clone()
        dist.all_reduce(mean)
        losses.append(mean.item() / a.ranks)
        norms.append(norm.item())
    if rank == 0:
        with open(a.out, "w") as f:
            json.dump({"losses": losses, "grad_norms": norms}, f)
        if a.save_adapter:
            model.save_pretrained(a.save_adapter)
    # Both ranks leave together: a rank that tears gloo down while the other still uses it can
    # fail its exit on a loaded machine, after the results are written.
    dist.barrier()
    dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def logits(a):
    from safetensors.torch import load_file, save_file
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32, attn_implementation="eager")
    if a.adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, a.adapter)
    with torch.no_grad():
        out = model(input_ids=load_file(a.ids)["ids"]).logits.float().contiguous()
    save_file({"logits": out}, a.out)


def init_adapter(a):
    """A PEFT LoRA adapter for the model with random A and B (init_lora_weights=False, so the
    adapters change the output from the first step), the start both sides train from."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(a.seed)
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    config = LoraConfig(r=a.r, lora_alpha=a.alpha, target_modules=a.targets.split(","), lora_dropout=0.0,
                        init_lora_weights=False, task_type="CAUSAL_LM")
    with torch.no_grad():
        peft = get_peft_model(model, config)
        for name, p in peft.named_parameters():
            if "lora_" in name:
                p.mul_(0.5)  # keep the random start's output change moderate
    peft.save_pretrained(a.out)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    for name, kind, default in [("--model", str, None), ("--text", str, ""), ("--prepared", str, ""), ("--out", str, None),
                                ("--ranks", int, 2), ("--steps", int, 30), ("--seq_len", int, 16),
                                ("--batch_size", int, 2), ("--lr", float, 2e-3), ("--weight_decay", float, 0.01),
                                ("--warmup_steps", int, 1), ("--min_lr_ratio", float, 0.1), ("--grad_clip", float, 1.0),
                                ("--adapter", str, ""), ("--save_adapter", str, "")]:
        t.add_argument(name, type=kind, default=default, required=default is None)
    lg = sub.add_parser("logits")
    for name in ("--model", "--ids", "--out"):
        lg.add_argument(name, required=True)
    lg.add_argument("--adapter", default="")
    ia = sub.add_parser("init-adapter")
    for name, kind, default in [("--model", str, None), ("--out", str, None), ("--r", int, 8), ("--alpha", float, 16.0),
                                ("--targets", str, "q_proj,v_proj"), ("--seed", int, 0)]:
        ia.add_argument(name, type=kind, default=default, required=default is None)
    a = parser.parse_args()
    if a.command == "logits":
        logits(a)
        return
    if a.command == "init-adapter":
        init_adapter(a)
        return
    mp.spawn(train_rank, args=(a, free_port()), nprocs=a.ranks, join=True)


if __name__ == "__main__":
    main()
