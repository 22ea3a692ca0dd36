"""Checks a prepared dataset (`python -m catapult.prepare dataset`, the engine's --dataset)
against transformers itself: each conversation's token ids and trained-token mask must equal
what tokenizer.apply_chat_template(..., return_assistant_tokens_mask=True) gives (the model's
template marks the assistant's part with {% generation %}), cut to the example's length.

    python check_dataset_masks.py --model DIR --data FILE (.jsonl or .json) --prepared DIR

Prints {"rows": N, "mismatched": M, "first": "..."}."""

import argparse
import json
import os

import numpy
from transformers import AutoTokenizer

ROLES = {"human": "user", "gpt": "assistant", "system": "system"}


def conversations(path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8")] if path.endswith(".jsonl") else \
        json.load(open(path, encoding="utf-8"))
    for row in rows:
        if "messages" in row:
            yield row["messages"]
        else:
            yield [{"role": ROLES[m["from"]], "content": m["value"]} for m in row["conversations"]]


def main():
    parser = argparse.ArgumentParser()
    for name in ("--model", "--data", "--prepared"):
        parser.add_argument(name, required=True)
    a = parser.parse_args()
    tok = AutoTokenizer.from_pretrained(a.model)
    ids = numpy.fromfile(os.path.join(a.prepared, "train.ids"), dtype="<i4").tolist()
    mask = numpy.fromfile(os.path.join(a.prepared, "train.mask"), dtype="u1").tolist()
    starts = numpy.fromfile(os.path.join(a.prepared, "train.starts"), dtype="<i8").tolist()
    rows, mismatched, first = 0, 0, ""
    for i, messages in enumerate(conversations(a.data)):
        rows += 1
        want = tok.apply_chat_template(messages, tokenize=True, return_dict=True, return_assistant_tokens_mask=True)
        s, e = starts[i], starts[i + 1]
        if ids[s:e] != want["input_ids"][:e - s] or mask[s:e] != want["assistant_masks"][:e - s]:
            mismatched += 1
            first = first or "row %d: %s vs %s" % (i + 1, mask[s:e], want["assistant_masks"][:e - s])
    print(json.dumps({"rows": rows, "mismatched": mismatched, "first": first}))


if __name__ == "__main__":
    main()
