"""A ~100M-parameter Llama-architecture model with random weights for `bench/run hf`, saved as
save_pretrained writes it, with a byte-level BPE tokenizer trained here on the built-in corpus
(/usr/share/common-licenses): nothing is downloaded.

    python hf_model.py OUT_DIR

Prints one JSON line {"parameters": N, "vocab": V}."""

import glob
import json
import os
import sys

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

VOCAB = 8192


def corpus():
    seen, parts = set(), []
    for f in sorted(glob.glob("/usr/share/common-licenses/*")):
        real = os.path.realpath(f)
        if os.path.isfile(real) and real not in seen:
            seen.add(real)
            parts.append(open(real, encoding="utf-8", errors="replace").read())
    return "".join(parts)


def main():
    out = sys.argv[1]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.train_from_iterator([corpus()], trainers.BpeTrainer(vocab_size=VOCAB, show_progress=False,
                                                            initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=VOCAB, hidden_size=768, intermediate_size=2048, num_hidden_layers=14,
                         num_attention_heads=12, num_key_value_heads=4, max_position_embeddings=2048,
                         rope_theta=10000.0, tie_word_embeddings=False)
    model = LlamaForCausalLM(config)
    model.save_pretrained(out)
    PreTrainedTokenizerFast(tokenizer_object=tok).save_pretrained(out)
    with open(os.path.join(out, "corpus.txt"), "w", encoding="utf-8") as f:
        f.write(corpus())
    print(json.dumps({"parameters": model.num_parameters(), "vocab": VOCAB}))


if __name__ == "__main__":
    main()
