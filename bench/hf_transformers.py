"""The peer of `catapult launch --model DIR` for `bench/run hf`: transformers' own model trained
the way Accelerate runs under torchrun (Accelerator().prepare on a MULTI_CPU gloo group), with
its strongest settings on CPU: SDPA attention and PyTorch's fused AdamW. The same windows in
the same order (the engine's --no_shuffle), batch, optimizer settings, clipping and loss
all-reduce as the engine's recipe, so the final losses agree too. Rank 0 prints one JSON
line with tokens/s (steps after --warmup), each rank's peak RSS and the final loss.

    torchrun --nproc_per_node 2 hf_transformers.py --model DIR --text FILE --steps N ... [--lora_rank R]

--lora_rank R (`bench/run lora`): LoRA with PEFT (get_peft_model, r R, alpha 2R, all-linear
targets), only the adapters in the fused AdamW.
"""
import argparse
import json
import os
import resource
import time

import torch
import torch.nn.functional as F
from accelerate import Accelerator
from tokenizers import Tokenizer
from transformers import AutoModelForCausalLM


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--text", required=True)
    for name, default in [("steps", 15), ("seq_len", 128), ("batch_size", 2), ("warmup", 3)]:
        p.add_argument("--" + name, type=int, default=default)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--lora_rank", type=int, default=0)
    a = p.parse_args()
    accelerator = Accelerator(cpu=True)  # MULTI_CPU on gloo under torchrun, as `accelerate launch --cpu` sets it
    with open(a.text, encoding="utf-8", newline="") as f:
        ids = Tokenizer.from_file(os.path.join(a.model, "tokenizer.json")).encode(f.read(), add_special_tokens=False).ids
    ids = torch.tensor(ids, dtype=torch.long)
    count = (len(ids) - 1) // a.seq_len
    windows = torch.stack([ids[i * a.seq_len: i * a.seq_len + a.seq_len + 1] for i in range(count)])
    # The engine's --no_shuffle order: the same windows on each rank, so the losses can be compared.
    sampler = torch.utils.data.DistributedSampler(range(count), num_replicas=accelerator.num_processes,
                                                  rank=accelerator.process_index, shuffle=False)
    order = list(sampler)
    batches = len(order) // a.batch_size

    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32, attn_implementation="sdpa")
    if a.lora_rank:
        from peft import LoraConfig, get_peft_model

        model = get_peft_model(model, LoraConfig(r=a.lora_rank, lora_alpha=2 * a.lora_rank, target_modules="all-linear",
                                                 lora_dropout=0.0, task_type="CAUSAL_LM"))
    trained = [q for q in model.parameters() if q.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=a.lr, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.0, fused=True)
    model, optimizer = accelerator.prepare(model, optimizer)
    times, loss_value = [], 0.0
    for step in range(a.steps):
        start = time.perf_counter()
        k = step % batches
        batch = windows[order[k * a.batch_size:(k + 1) * a.batch_size]]
        logits = model(input_ids=batch[:, :-1]).logits.float()
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), batch[:, 1:].reshape(-1))
        accelerator.backward(loss)
        accelerator.clip_grad_norm_(trained, 1.0)
        optimizer.step()
        optimizer.zero_grad()
        loss_value = accelerator.reduce(loss.detach(), reduction="mean").item()
        if step >= a.warmup:
            times.append(time.perf_counter() - start)
    rss = torch.tensor([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024], dtype=torch.long)
    peaks = accelerator.gather(rss).tolist()
    if accelerator.is_main_process:
        tokens = a.batch_size * a.seq_len * accelerator.num_processes
        print(json.dumps({"tokens_per_s": tokens * len(times) / sum(times), "peak_rss_bytes": peaks,
                          "final_loss": loss_value, "distributed_type": str(accelerator.distributed_type)}))


if __name__ == "__main__":
    main()
