"""Tiny randomly initialised Hugging Face models, saved as save_pretrained writes them, with a
byte-level BPE tokenizer trained here on local text, and what transformers computes: logits for
fixed token ids and the loss of `catapult-worker score` on the fixture text. The fixtures of the
engine's HF model tests.

    python make_hf_fixtures.py OUT_DIR

Writes OUT_DIR/text.txt (mixed text: English, Chinese, code, emoji, runs of spaces),
OUT_DIR/<name>/ (config.json, model.safetensors or shards with their index,
generation_config.json, tokenizer.json), OUT_DIR/mixed-1mb.txt with OUT_DIR/tokenizers/<kind>/
(byte-level BPE, and BPE with byte fallback as Llama 2 has it: the tokenizer files and
transformers' ids for that text, ids-1mb.bin), OUT_DIR/llama-wide/ (13M parameters, for
memory measurements), OUT_DIR/qwen2-chat/ and OUT_DIR/datasets/ (see dataset_fixtures.py), and OUT_DIR/<name>/reference.safetensors with "ids"
(int64, [2, 16]) and "logits" (float32, [2, 16, vocab]), and reference.json with the text's ids
and the score (loss, tokens) for windows of 16 ids. Idempotent: a model whose reference.json
exists is kept."""

import json
import os
import sys

import dataset_fixtures
import torch
from safetensors.torch import save_file
from transformers import (GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM, MistralConfig,
                          MistralForCausalLM, Qwen2Config, Qwen2ForCausalLM)

VOCAB = 320  # the tokenizer below: 256 byte symbols and 64 merges
TEXT = ("Catapult trains models on many machines. " * 3 + "数据并行训练。混合精度与卸载。 " * 2 +
        "def step(x):\n    return x * 2  # code\n\t\tindented\n" + "emoji 🚀🔥 and    spaces   " * 2) * 6
WINDOW = 16
COMMON = dict(vocab_size=VOCAB, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
              num_key_value_heads=2, max_position_embeddings=64, rms_norm_eps=1e-5)

MODELS = {
    "llama": lambda: LlamaForCausalLM(LlamaConfig(**COMMON, rope_theta=10000.0, tie_word_embeddings=False)),
    "llama3-tied": lambda: LlamaForCausalLM(LlamaConfig(
        **COMMON, rope_theta=500000.0, tie_word_embeddings=True,
        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                      "original_max_position_embeddings": 16})),
    "qwen2": lambda: Qwen2ForCausalLM(Qwen2Config(**COMMON, rope_theta=1000000.0, tie_word_embeddings=True)),
    "mistral-window": lambda: MistralForCausalLM(MistralConfig(**COMMON, rope_theta=10000.0, sliding_window=6,
                                                               tie_word_embeddings=False)),
    "gpt2": lambda: GPT2LMHeadModel(GPT2Config(vocab_size=VOCAB, n_positions=64, n_embd=32, n_layer=2, n_head=4)),
}
SHARDED = {"llama-sharded": ("llama", "40KB")}


def tokenizer(out):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB, initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator([TEXT], trainer)
    assert tok.get_vocab_size() == VOCAB, tok.get_vocab_size()
    return tok


def mixed_megabyte():
    """About 1 MB of mixed text in a seeded order: English, Chinese, code, emoji, runs of spaces
    and tabs, CRLF line ends, and words the tokenizers were not trained on."""
    import random

    pieces = ["The quick brown fox jumps over the lazy dog. ", "Distributed training, mixed precision. ",
              "数据并行训练与混合精度。", "模型在多台机器上训练，", "def step(x):\n    return x * 2  # code\n",
              "for (int i = 0; i < n; ++i) { sum += a[i]; }\r\n", "emoji 🚀🔥👩‍💻 ", "    ", "\t\t", "   \n\n",
              "Zürich naïve café Ωmega ", "supercalifragilistic ", "1234567890 ", "¿Qué tal? ", "Привет мир "]
    rng = random.Random(11)
    parts, size = [], 0
    while size < 1_050_000:
        piece = rng.choice(pieces)
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def byte_fallback_tokenizer():
    """A Llama 2 / Mistral style tokenizer: BPE with byte fallback, the SentencePiece-style
    normalizer (spaces as "▁", one prepended) and <unk>, <s>, </s>; an alphabet of the 120 most
    frequent characters, so rarer ones (much of the Chinese, the emoji) fall back to bytes."""
    from tokenizers import Tokenizer, decoders, models, normalizers, trainers

    tok = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>", fuse_unk=True))
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("▁"), normalizers.Replace(" ", "▁")])
    tok.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(), decoders.Fuse(),
                                     decoders.Strip(" ", 1, 0)])
    specials = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)]
    trainer = trainers.BpeTrainer(vocab_size=600, special_tokens=specials, limit_alphabet=120, show_progress=False)
    tok.train_from_iterator([TEXT], trainer)
    return tok


def tokenizer_fixtures(out, byte_level):
    """tokenizers/<kind>/: the tokenizer files save_pretrained writes, and what transformers'
    AutoTokenizer gives for the 1 MB text (add_special_tokens=False) as little-endian int32."""
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    text = mixed_megabyte()
    with open(os.path.join(out, "mixed-1mb.txt"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    kinds = {"byte-level": (byte_level, {}),
             "byte-fallback": (byte_fallback_tokenizer(), dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>"))}
    for kind, (tok, specials) in kinds.items():
        target = os.path.join(out, "tokenizers", kind)
        if os.path.exists(os.path.join(target, "ids-1mb.bin")):
            continue
        PreTrainedTokenizerFast(tokenizer_object=tok, **specials).save_pretrained(target)
        ids = AutoTokenizer.from_pretrained(target)(text, add_special_tokens=False)["input_ids"]
        import array

        data = array.array("i", ids)
        if sys.byteorder != "little":
            data.byteswap()
        with open(os.path.join(target, "ids-1mb.bin"), "wb") as f:
            data.tofile(f)
        print("tokenizer", kind, "->", target, len(ids), "ids")


def llama_fixture(out, tok, name, seed, **shape):
    """A random-init Llama of `shape` with the test tokenizer in out/name (made once). No reference outputs."""
    target = os.path.join(out, name)
    if os.path.exists(os.path.join(target, "tokenizer.json")):
        return
    torch.manual_seed(seed)
    config = LlamaConfig(vocab_size=VOCAB, rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False, **shape)
    LlamaForCausalLM(config).save_pretrained(target)
    tok.save(os.path.join(target, "tokenizer.json"))
    print("fixture", name, "->", target)


def wide_fixture(out, tok):
    """llama-wide/: 13M parameters (52 MB in fp32), large enough for the memory a rank takes while
    loading to be measured against the model's size."""
    llama_fixture(out, tok, "llama-wide", 1, hidden_size=512, intermediate_size=1536, num_hidden_layers=4,
                  num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=64)


def big_fixture(out, tok):
    """llama-offload/: 190M parameters (760 MB in fp32, 47 MB per layer), larger than the memory
    limit the disk-offload test sets."""
    llama_fixture(out, tok, "llama-offload", 2, hidden_size=1024, intermediate_size=2816, num_hidden_layers=16,
                  num_attention_heads=16, num_key_value_heads=8, max_position_embeddings=128)


def score(model, ids):
    """Mean cross-entropy over windows ids[i*T:(i+1)*T] (a last one of at least 2 ids kept)."""
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(ids), WINDOW):
            w = torch.tensor(ids[start:start + WINDOW]).unsqueeze(0)
            if w.size(1) < 2:
                continue
            logits = model(input_ids=w).logits[0, :-1].double()
            total += torch.nn.functional.cross_entropy(logits, w[0, 1:], reduction="sum").item()
            count += w.size(1) - 1
    return total / count, count


def reference(model, path):
    ids = torch.randint(0, VOCAB, (2, 16), generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        logits = model(input_ids=ids).logits.float()
    save_file({"ids": ids.contiguous(), "logits": logits.contiguous()}, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "text.txt"), "w", encoding="utf-8") as f:
        f.write(TEXT)
    tok = tokenizer(out)
    ids = tok.encode(TEXT, add_special_tokens=False).ids
    assert tok.decode(ids) == TEXT
    tokenizer_fixtures(out, tok)
    wide_fixture(out, tok)
    big_fixture(out, tok)
    dataset_fixtures.chat_model(out)
    dataset_fixtures.datasets(out)
    for name, make in list(MODELS.items()) + [(n, None) for n in SHARDED]:
        target = os.path.join(out, name)
        if os.path.exists(os.path.join(target, "reference.json")):
            continue
        torch.manual_seed(0)
        base, shard = SHARDED.get(name, (name, None))
        model = MODELS[base]()
        model.config._attn_implementation = "eager"
        with torch.no_grad():  # visible norms and biases: a loader that skips one is caught
            for n, p in model.named_parameters():
                if n.endswith("norm.weight") or ".ln_" in n or n.endswith("ln_f.weight") or n.endswith(".bias"):
                    p.add_(torch.randn_like(p) * 0.1)
        model.eval()
        if shard:
            model.save_pretrained(target, max_shard_size=shard)
        else:
            model.save_pretrained(target)
        reference(model, os.path.join(target, "reference.safetensors"))
        tok.save(os.path.join(target, "tokenizer.json"))
        loss, tokens = score(model, ids)
        with open(os.path.join(target, "reference.json"), "w") as f:
            json.dump({"ids": ids, "window": WINDOW, "loss": loss, "tokens": tokens,
                       "parameters": model.num_parameters()}, f)
        print("fixture", name, "->", target)


if __name__ == "__main__":
    main()
