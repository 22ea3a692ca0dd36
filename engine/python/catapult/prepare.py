"""Data preparation for the engine, with the libraries transformers itself uses, so that token
ids are Hugging Face's by construction:

    python -m catapult.prepare tokenize --model DIR --text FILE [--text FILE ...] --out IDS

writes the ids of the whole text (the files concatenated), as ``tokenizer(text, add_special_tokens=False)`` gives them
for the model's tokenizer.json, to IDS: little-endian int32, one after another. Prints one JSON
line {"ids": count, "vocab": size, "file": IDS}.

    python -m catapult.prepare decode --model DIR --ids JSON

writes the text of the ids in JSON ({"ids": [...]}, as `catapult-worker tokenize` prints it) to
stdout, as tokenizer.decode gives it (special tokens kept). A missing library or a bad file is
one line on stderr naming it, and exit status 2.

    python -m catapult.prepare dataset --model DIR --data PATH [--data PATH ...] --seq_len N [options]

prepares a dataset (JSON Lines, JSON, CSV/TSV, Parquet, text; a folder of them) for training
with the model's tokenizer and chat template, in a cache keyed by content (see catapult.dataset
for the options and the files), and prints one JSON line: what was read, skipped and cut, and
the directory of the arrays.

    python -m catapult.prepare preview --model DIR --data PATH --seq_len N [options] [--rows K]

prints the first K examples rendered, with the trained parts marked (catapult.dataset.preview).

    python -m catapult.prepare text-server --model DIR [--chat_template C]

answers encode, chat and decode requests, one JSON line each, for generation (catapult.textserver)."""

import argparse
import json
import os
import sys


def fail(message):
    sys.stderr.write("catapult.prepare: %s\n" % message)
    sys.exit(2)


def load_tokenizer(model):
    try:
        from tokenizers import Tokenizer
    except ImportError:
        fail("the Python package 'tokenizers' is not installed for %s (pip install tokenizers, or set CATAPULT_PYTHON "
             "to a Python that has it)" % sys.executable)
    path = os.path.join(model, "tokenizer.json")
    if not os.path.exists(path):
        fail("%s: no tokenizer.json (the model directory needs its tokenizer files)" % model)
    try:
        return Tokenizer.from_file(path)
    except Exception as error:  # noqa: BLE001  (the library's own message names the problem)
        fail("%s: %s" % (path, error))


def tokenize(args):
    tokenizer = load_tokenizer(args.model)
    parts = []
    for name in args.text:
        try:
            with open(name, encoding="utf-8", newline="") as f:
                parts.append(f.read())
        except (OSError, UnicodeDecodeError) as error:
            fail("%s: %s" % (name, error))
    text = "".join(parts)
    ids = tokenizer.encode(text, add_special_tokens=False).ids
    import array

    data = array.array("i", ids)
    if sys.byteorder != "little":
        data.byteswap()
    with open(args.out, "wb") as f:
        data.tofile(f)
    print(json.dumps({"ids": len(ids), "vocab": tokenizer.get_vocab_size(), "file": args.out}), flush=True)


def decode(args):
    tokenizer = load_tokenizer(args.model)
    try:
        with open(args.ids, encoding="utf-8") as f:
            ids = json.load(f)["ids"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        fail("%s: not a JSON object with \"ids\" (as catapult-worker tokenize prints it): %s" % (args.ids, error))
    sys.stdout.buffer.write(tokenizer.decode(ids, skip_special_tokens=False).encode("utf-8"))
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(prog="python -m catapult.prepare")
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("tokenize")
    t.add_argument("--model", required=True)
    t.add_argument("--text", required=True, action="append")
    t.add_argument("--out", required=True)
    d = sub.add_parser("decode")
    d.add_argument("--model", required=True)
    d.add_argument("--ids", required=True)
    server = sub.add_parser("text-server")
    server.add_argument("--model", required=True)
    server.add_argument("--chat_template", default="auto")
    from . import dataset

    dataset.add_arguments(sub.add_parser("dataset"))
    dataset.add_arguments(sub.add_parser("preview"))
    args = parser.parse_args()
    if args.command == "tokenize":
        tokenize(args)
    elif args.command == "decode":
        decode(args)
    elif args.command == "text-server":
        from . import textserver

        textserver.serve(args)
    else:
        prepare_dataset(args)


def preview_dataset(args):
    from . import dataset

    try:
        dataset.preview(args)
    except (dataset.DatasetError, ValueError) as error:
        fail(str(error))


def prepare_dataset(args):
    from . import dataset

    if args.validation_split and not 0 < args.validation_split < 1:
        fail("--validation_split %g: give a fraction between 0 and 1" % args.validation_split)
    if args.seq_len < 2:
        fail("--seq_len %d: an example needs at least 2 tokens" % args.seq_len)
    if args.command == "preview":
        preview_dataset(args)
        return
    try:
        dataset.run(args)
    except (dataset.DatasetError, ValueError) as error:
        fail(str(error))
    except ImportError as error:
        fail("%s (pip install transformers tokenizers, or set CATAPULT_PYTHON to a Python that has them)" % error)


if __name__ == "__main__":
    main()
