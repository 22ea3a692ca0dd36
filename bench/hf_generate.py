"""bench/run generate, the peer's side: transformers' generate() on the CPU, greedy, with the
same prompt ids as Catapult, batch 1 and batch B (the prompt repeated), exactly N new tokens
(min_new_tokens = N). Prints one JSON line: load seconds (from_pretrained), and per batch the
new tokens/s and the time to the first token (a streamer notes when the first new token comes).

    hf_generate.py --model DIR --prompt_ids 1,2,3 --new N --batch B"""

import argparse
import json
import time

import torch
from transformers import AutoModelForCausalLM
from transformers.generation.streamers import BaseStreamer


class FirstToken(BaseStreamer):
    def __init__(self):
        self.calls, self.first = 0, None

    def put(self, value):
        self.calls += 1
        if self.calls == 2 and self.first is None:  # the first call is the prompt
            self.first = time.perf_counter()

    def end(self):
        pass


def run(model, ids, new):
    streamer = FirstToken()
    start = time.perf_counter()
    with torch.no_grad():
        out = model.generate(ids, attention_mask=torch.ones_like(ids), do_sample=False, max_new_tokens=new,
                             min_new_tokens=new, streamer=streamer if ids.size(0) == 1 else None, pad_token_id=0)
    seconds = time.perf_counter() - start
    tokens = (out.size(1) - ids.size(1)) * ids.size(0)
    first = (streamer.first - start) if streamer.first else None
    return {"tokens": tokens, "seconds": seconds, "tokens_per_s": tokens / seconds, "first_token_seconds": first}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--prompt_ids", required=True)
    p.add_argument("--new", type=int, default=64)
    p.add_argument("--batch", type=int, default=8)
    a = p.parse_args()
    start = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    model.eval()
    load = time.perf_counter() - start
    ids = torch.tensor([[int(x) for x in a.prompt_ids.split(",")]])
    run(model, ids, 4)  # warm up
    one = run(model, ids, a.new)
    many = run(model, ids.repeat(a.batch, 1), a.new)
    print(json.dumps({"load_seconds": load, "batch1": one, "batch": many}))


if __name__ == "__main__":
    main()
