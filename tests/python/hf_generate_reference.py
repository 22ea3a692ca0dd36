"""transformers' generate() for the generation tests: reads a JSON list of cases

    {"model": DIR, "prompts": [[ids], ...], "max_new_tokens": N, "do_sample": bool, "seed": S,
     "temperature": T, "top_k": K, "top_p": P, "repetition_penalty": R}

and writes, for each, the new ids of every prompt up to and including its end-of-sequence id
(the prompts left-padded into one batch with the attention mask, as a batch is given to
generate). Usage: hf_generate_reference.py CASES.json OUT.json"""

import json
import sys

import torch
from transformers import AutoModelForCausalLM


def pad_id(config):
    if config.pad_token_id is not None:
        return config.pad_token_id
    eos = config.eos_token_id
    return (eos[0] if isinstance(eos, list) else eos) if eos is not None else 0


def run(case):
    model = AutoModelForCausalLM.from_pretrained(case["model"], dtype=torch.float32)
    model.eval()
    pad = pad_id(model.generation_config)
    feed = pad if 0 <= pad < model.config.vocab_size else 0
    longest = max(len(p) for p in case["prompts"])
    ids = torch.tensor([[feed] * (longest - len(p)) + p for p in case["prompts"]])
    mask = torch.tensor([[0] * (longest - len(p)) + [1] * len(p) for p in case["prompts"]])
    options = {k: case[k] for k in ("temperature", "top_k", "top_p", "repetition_penalty") if k in case}
    torch.manual_seed(case.get("seed", 0))
    with torch.no_grad():
        out = model.generate(ids, attention_mask=mask, do_sample=case.get("do_sample", False), pad_token_id=feed,
                             max_new_tokens=case["max_new_tokens"], **options)
    eos = model.generation_config.eos_token_id
    eos = set(eos if isinstance(eos, list) else [eos] if eos is not None else [])
    rows = []
    for row in out[:, longest:].tolist():
        ended = next((i for i, t in enumerate(row) if t in eos), None)
        rows.append(row if ended is None else row[:ended + 1])
    return rows


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    with open(sys.argv[2], "w") as f:
        json.dump([run(c) for c in cases], f)


if __name__ == "__main__":
    main()
