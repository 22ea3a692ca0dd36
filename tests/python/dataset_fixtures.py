"""The chat model and the datasets of the dataset tests, made by make_hf_fixtures.py:

OUT/qwen2-chat/: a tiny Qwen2 whose tokenizer knows <|im_start|> and <|im_end|> and whose
tokenizer_config.json has a ChatML template with {% generation %} marks (so transformers'
return_assistant_tokens_mask tells independently which tokens are the assistant's).
OUT/datasets/: the same arithmetic questions in every format and file kind Catapult reads
(messages.jsonl, sharegpt.json, alpaca.json, pairs.csv with other column names, pairs.tsv,
prompt_completion.parquet, text.txt, a folder of two files), and broken files."""

import csv
import json
import os
import random

import torch

CHAT_VOCAB = 352  # asked of the trainer; the text gives somewhat fewer
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHAT_TEMPLATE = ("{%- for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' }}"
                 "{%- if message['role'] == 'assistant' %}{% generation %}{{ message['content'] + '<|im_end|>' + '\\n' }}"
                 "{% endgeneration %}{%- else %}{{ message['content'] + '<|im_end|>' + '\\n' }}{%- endif %}{%- endfor %}"
                 "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{%- endif %}")
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"]


def questions(count, seed=3):
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        a, b = rng.randrange(10), rng.randrange(10)
        out.append(("What is %s plus %s?" % (WORDS[a], WORDS[b]), "%s plus %s is %s." % (WORDS[a], WORDS[b], WORDS[a + b])))
    return out


def chat_tokenizer():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    text = " ".join(q + " " + a for q, a in questions(400)) + " You are a helpful assistant. user assistant system"
    trainer = trainers.BpeTrainer(vocab_size=CHAT_VOCAB, special_tokens=SPECIALS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator([text], trainer)
    return tok


def chat_model(out):
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    target = os.path.join(out, "qwen2-chat")
    if os.path.exists(os.path.join(target, "tokenizer_config.json")):
        return
    torch.manual_seed(0)
    tok = chat_tokenizer()
    config = Qwen2Config(vocab_size=tok.get_vocab_size(), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256, rms_norm_eps=1e-5,
                         rope_theta=1000000.0, tie_word_embeddings=True, eos_token_id=2, bos_token_id=None)
    Qwen2ForCausalLM(config).save_pretrained(target)
    PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|im_end|>", pad_token="<|endoftext|>",
                            chat_template=CHAT_TEMPLATE).save_pretrained(target)
    print("fixture qwen2-chat ->", target)


def conversation(i, q, a):
    head = [{"role": "system", "content": "You are a helpful assistant."}] if i % 3 == 0 else []
    turns = [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    if i % 4 == 1:  # a second turn
        q2, a2 = questions(1, seed=100 + i)[0]
        turns += [{"role": "user", "content": q2}, {"role": "assistant", "content": a2}]
    return head + turns


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")


def write_good(d, qa):
    write_jsonl(os.path.join(d, "messages.jsonl"), [{"messages": conversation(i, q, a)} for i, (q, a) in enumerate(qa)])
    role = {"system": "system", "user": "human", "assistant": "gpt"}
    with open(os.path.join(d, "sharegpt.json"), "w", encoding="utf-8") as f:
        json.dump([{"conversations": [{"from": role[m["role"]], "value": m["content"]} for m in conversation(i, q, a)]}
                   for i, (q, a) in enumerate(qa)], f, indent=1)
    with open(os.path.join(d, "alpaca.json"), "w", encoding="utf-8") as f:
        json.dump([{"instruction": "Answer the question.", "input": q, "output": a} for q, a in qa], f, indent=1)
    write_jsonl(os.path.join(d, "prompt_completion.jsonl"), [{"prompt": q + " ", "completion": a} for q, a in qa])
    for name, delimiter in (("pairs.csv", ","), ("pairs.tsv", "\t")):
        with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, delimiter=delimiter)
            w.writerow(["question", "answer"])
            w.writerows(qa)
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"prompt": [q + " " for q, _ in qa], "completion": [a for _, a in qa]}),
                   os.path.join(d, "prompt_completion.parquet"))
    with open(os.path.join(d, "text.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(q + " " + a for q, a in qa * 4))
    os.makedirs(os.path.join(d, "folder"), exist_ok=True)
    half = len(qa) // 2
    write_jsonl(os.path.join(d, "folder", "part-1.jsonl"), [{"prompt": q + " ", "completion": a} for q, a in qa[:half]])
    write_jsonl(os.path.join(d, "folder", "part-2.jsonl"), [{"prompt": q + " ", "completion": a} for q, a in qa[half:]])


def write_broken(d, qa):
    rows = [json.dumps({"prompt": q + " ", "completion": a}) for q, a in qa[:40]]
    bad = list(rows)
    bad[6] = bad[6][:-3]  # line 7 is not JSON
    bad[20] = "[1, 2]"    # line 21 is not an object
    with open(os.path.join(d, "bad-json.jsonl"), "w", encoding="utf-8") as f:
        f.write("\n".join(bad) + "\n")
    missing = [{"question": q, "answer": a} for q, a in qa[:40]]
    del missing[11]["answer"]
    write_jsonl(os.path.join(d, "missing-field.jsonl"), missing)
    empty = [{"prompt": q + " ", "completion": a} for q, a in qa[:40]]
    empty[4]["completion"] = "  "
    write_jsonl(os.path.join(d, "empty-completion.jsonl"), empty)
    text = json.dumps([{"prompt": q, "completion": a} for q, a in qa[:10]], indent=1)
    with open(os.path.join(d, "broken-array.json"), "w", encoding="utf-8") as f:
        f.write(text.replace('"completion": "three plus', '"completion" "three plus', 1) if '"completion": "three plus' in text
                else text[:-40])
    write_jsonl(os.path.join(d, "unknown-fields.jsonl"), [{"q": q, "a": a} for q, a in qa[:5]])


def datasets(out):
    d = os.path.join(out, "datasets")
    if os.path.exists(os.path.join(d, "unknown-fields.jsonl")):
        return
    os.makedirs(d, exist_ok=True)
    qa = questions(96)
    write_good(d, qa)
    write_broken(d, qa)
    print("fixture datasets ->", d)
