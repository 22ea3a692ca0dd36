"""A dataset prepared for training: rows read (catapult._rows), understood (catapult._formats),
rendered and tokenized with the model's tokenizer (catapult._render), cut to the sequence
length, split into training and validation examples, and written as flat arrays:

    train.ids     int32, little-endian: every example's token ids, one after another
    train.mask    uint8: 1 where the token is trained (a completion or assistant token)
    train.starts  int64: where each example starts, and the end (examples + 1 values)
    validation.*  the same for the validation examples
    report.json   what was read, detected, skipped and cut, and the counts

The result is kept in a cache by the hash of the data files' content, the tokenizer files and
the options, so a second run with the same data starts at once; concurrent preparations of the
same data (the ranks of one job) wait for the first under a file lock."""

import array
import fcntl
import hashlib
import json
import os
import random
import shutil
import sys
import time

from ._formats import FORMATS, RowProblem, describe_fields, detect, parse_columns, to_example
from ._rows import DatasetError, RowError, dataset_files, read_rows

VERSION = 1  # of the preparation: a change that alters its output bumps it, so old cache entries are not reused
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja")
MAX_LISTED = 20


def cache_root():
    root = os.environ.get("CATAPULT_DATA_CACHE")
    if root:
        return root
    return os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "catapult", "datasets")


def _file_digest(path, into):
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            into.update(block)


def cache_key(args, files, validation_files):
    h = hashlib.sha256()
    options = {k: getattr(args, k) for k in ("format", "columns", "chat_template", "train_on_prompt", "seq_len",
                                             "overlong", "validation_split", "seed", "skip_bad_rows")}
    h.update(json.dumps({"version": VERSION, "options": options, "files": len(files),
                         "validation_files": len(validation_files)}, sort_keys=True).encode())
    for path in files + validation_files:
        h.update(b"\0file\0")
        _file_digest(path, h)
    for name in TOKENIZER_FILES:
        path = os.path.join(args.model, name)
        if os.path.exists(path):
            h.update(("\0%s\0" % name).encode())
            _file_digest(path, h)
    if args.chat_template not in ("auto", "model", "none", "chatml", "llama3") and os.path.exists(args.chat_template):
        _file_digest(args.chat_template, h)
    return h.hexdigest()[:32]


class Progress:
    """A line on stderr every few seconds while a long step runs: rows done, rate, time left."""

    def __init__(self, what, total):
        self.what, self.total, self.start, self.last = what, total, time.monotonic(), time.monotonic()

    def update(self, done):
        now = time.monotonic()
        if now - self.last < 2 or done == 0:
            return
        self.last = now
        rate = done / (now - self.start)
        left = (self.total - done) / rate if rate > 0 else 0
        sys.stderr.write("catapult.prepare: %s: %d of %d rows, %.0f rows/s, about %.0f s left\n"
                         % (self.what, done, self.total, rate, left))
        sys.stderr.flush()


class Preparation:
    def __init__(self, args):
        self.args = args
        self.columns = parse_columns(args.columns)
        self.skipped = []      # RowError of every row left out
        self.dropped = []      # examples with nothing to train on after the cut
        self.cut = 0
        self.fmt = None if args.format == "auto" else args.format

    def examples(self, files, what):
        """(where, Example) of the files' rows; bad rows recorded, or DatasetError on the first."""
        rows = [item for path in files for item in read_rows(path)]
        if self.fmt is None:
            self.fmt = self._detect(rows, files)
        out, bad = [], []
        for where, row in rows:
            if isinstance(row, RowError):
                bad.append(row)
                continue
            try:
                out.append((where, to_example(row, self.fmt, self.columns)))
            except RowProblem as problem:
                bad.append(RowError(where, str(problem)))
        if bad and not self.args.skip_bad_rows:
            more = " (and %d more bad rows among %d)" % (len(bad) - 1, len(rows)) if len(bad) > 1 else ""
            raise DatasetError("%s%s; fix the row, or give --skip_bad_rows to leave such rows out" % (bad[0], more))
        self.skipped += bad
        if not out:
            raise DatasetError("%s: no row to train on (%d rows, %d bad)" % (what, len(rows), len(bad)))
        return out

    def _detect(self, rows, files):
        first = next((row for _, row in rows if not isinstance(row, RowError)), None)
        if first is None:
            raise DatasetError("%s: no readable row" % files[0])
        fmt = detect(first, self.columns)
        if fmt is None:
            raise DatasetError("%s: cannot tell the format from the fields %s; give --dataset_format (%s) and, for "
                               "other field names, --columns (for example prompt=question,completion=answer)"
                               % (files[0], describe_fields(first), ", ".join(FORMATS)))
        return fmt

    def tokenize(self, renderer, examples, what):
        """[(where, ids, mask)] of the examples, cut to --seq_len."""
        progress = Progress(what, len(examples))
        out = []
        for start in range(0, len(examples), 256):
            chunk = examples[start:start + 256]
            rendered, kept = [], []
            for where, example in chunk:
                try:
                    rendered.append(renderer.render(example))
                    kept.append(where)
                except RowProblem as problem:
                    if not self.args.skip_bad_rows:
                        raise DatasetError("%s: %s; fix the row, or give --skip_bad_rows" % (where, problem)) from None
                    self.skipped.append(RowError(where, str(problem)))
            for where, (ids, mask) in zip(kept, renderer.encode(rendered)):
                out += self._cut(where, ids, mask)
            progress.update(start + len(chunk))
        return out

    def _cut(self, where, ids, mask):
        n = self.args.seq_len
        if self.fmt == "text":  # continued pretraining: the whole text, packed into windows by the engine
            return [(where, ids, mask)] if len(ids) > 1 else []
        if len(ids) > n:
            self.cut += 1
        pieces = [(ids[:n], mask[:n])] if self.args.overlong == "truncate" else \
            [(ids[i:i + n], mask[i:i + n]) for i in range(0, len(ids), n)]
        out = []
        for part, (p_ids, p_mask) in enumerate(pieces):
            if len(p_ids) < 2 or not any(p_mask[1:]):
                self.dropped.append(RowError(where if len(pieces) == 1 else "%s (part %d)" % (where, part + 1),
                                             "no trained token within --seq_len %d" % n if len(ids) > n
                                             else "nothing to train on"))
                continue
            out.append((where, p_ids, p_mask))
        return out


def _split(examples, fraction, seed):
    """(train, validation): a seeded choice of whole rows' examples for validation."""
    rows = sorted({where.split(" (part ")[0] for where, _, _ in examples})
    count = max(1, round(len(rows) * fraction))
    if count >= len(rows):
        raise DatasetError("--validation_split %g leaves no training rows of %d" % (fraction, len(rows)))
    chosen = set(random.Random(seed).sample(rows, count))
    train = [e for e in examples if e[0].split(" (part ")[0] not in chosen]
    return train, [e for e in examples if e[0].split(" (part ")[0] in chosen]


def _write(directory, name, examples):
    ids, mask, starts = array.array("i"), array.array("B"), array.array("q", [0])
    for _, e_ids, e_mask in examples:
        ids.extend(e_ids)
        mask.extend(e_mask)
        starts.append(len(ids))
    if sys.byteorder != "little":
        ids.byteswap()
        starts.byteswap()
    for suffix, data in (("ids", ids), ("mask", mask), ("starts", starts)):
        with open(os.path.join(directory, "%s.%s" % (name, suffix)), "wb") as f:
            data.tofile(f)
    trained = sum(sum(m[1:]) for _, _, m in examples)
    lengths = sorted(len(e[1]) for e in examples)
    return {"examples": len(examples), "tokens": len(ids), "trained_tokens": trained,
            "longest": lengths[-1] if lengths else 0, "median": lengths[len(lengths) // 2] if lengths else 0}


def _histogram(examples, seq_len, bins=10):
    width = max(1, -(-seq_len // bins))
    counts = [0] * bins
    for _, ids, _ in examples:
        counts[min(bins - 1, (len(ids) - 1) // width)] += 1
    return {"bin_tokens": width, "counts": counts}


def prepare(args, directory):
    from ._render import Renderer, choose_template, load_tokenizer

    files, validation_files = dataset_files(args.data), dataset_files(args.validation_data or [])
    prep = Preparation(args)
    train = prep.examples(files, args.data[0])
    held = prep.examples(validation_files, args.validation_data[0]) if validation_files else []
    tokenizer = load_tokenizer(args.model)
    try:
        template, template_name = choose_template(args.chat_template, tokenizer, prep.fmt, args.model)
    except ValueError as error:
        raise DatasetError(str(error)) from None
    if prep.fmt == "text":
        template, template_name = None, "none"
    renderer = Renderer(tokenizer, template, args.train_on_prompt)
    train = prep.tokenize(renderer, train, args.data[0])
    held = prep.tokenize(renderer, held, args.validation_data[0]) if held else []
    if not held and args.validation_split > 0:
        train, held = _split(train, args.validation_split, args.seed)
    if not train:
        raise DatasetError("%s: no example left to train on (%d rows dropped: %s)"
                           % (args.data[0], len(prep.dropped), prep.dropped[0] if prep.dropped else "none read"))
    report = {"format": prep.fmt, "chat_template": template_name, "files": files, "validation_files": validation_files,
              "seq_len": args.seq_len, "overlong": args.overlong, "train_on_prompt": args.train_on_prompt,
              "train": _write(directory, "train", train), "validation": _write(directory, "validation", held),
              "histogram": _histogram(train, args.seq_len), "longer_than_seq_len": prep.cut,
              "skipped_rows": len(prep.skipped), "skipped": [{"where": e.where, "reason": e.reason} for e in prep.skipped[:MAX_LISTED]],
              "dropped_examples": len(prep.dropped),
              "dropped": [{"where": e.where, "reason": e.reason} for e in prep.dropped[:MAX_LISTED]],
              "vocab": tokenizer.backend_tokenizer.get_vocab_size(with_added_tokens=True)}
    with open(os.path.join(directory, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f)
    return report


def run(args):
    """Prepares (or finds in the cache) the dataset; prints one JSON line: the report, with
    "directory" and "cached"."""
    started = time.monotonic()
    files, validation_files = dataset_files(args.data), dataset_files(args.validation_data or [])
    root = cache_root()
    os.makedirs(root, exist_ok=True)
    key = cache_key(args, files, validation_files)
    directory = os.path.join(root, key)
    with open(os.path.join(root, key + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        cached = os.path.exists(os.path.join(directory, "report.json"))
        if not cached:
            partial = "%s.partial-%d" % (directory, os.getpid())
            os.makedirs(partial)
            try:
                prepare(args, partial)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            os.rename(partial, directory)
    with open(os.path.join(directory, "report.json"), encoding="utf-8") as f:
        report = json.load(f)
    report.update(directory=directory, cached=cached, seconds=round(time.monotonic() - started, 3))
    print(json.dumps(report), flush=True)


def preview(args):
    """The first --rows examples as the model will see them, for the desktop app's preview: one
    JSON line with the format, the template, each example's text in segments (text, trained)
    with its token counts, and the counts and length histogram of up to 2,000 rows."""
    from ._render import Renderer, choose_template, load_tokenizer

    files = dataset_files(args.data)
    prep = Preparation(args)
    prep.args.skip_bad_rows = True  # the preview shows bad rows rather than stopping at the first
    examples = prep.examples(files, args.data[0])
    tokenizer = load_tokenizer(args.model)
    template, template_name = choose_template(args.chat_template, tokenizer, prep.fmt, args.model)
    if prep.fmt == "text":
        template, template_name = None, "none"
    renderer = Renderer(tokenizer, template, args.train_on_prompt)
    shown = []
    for where, example in examples[:args.rows]:
        try:
            text, spans, _, _ = renderer.render(example)
        except RowProblem as problem:
            prep.skipped.append(RowError(where, str(problem)))
            continue
        shown.append({"where": where, "segments": _segments(text, spans)})
    counted = prep.tokenize(renderer, examples[:2000], args.data[0])
    lengths = {w: (len(ids), sum(m[1:])) for w, ids, m in counted}
    for item in shown:
        item["tokens"], item["trained_tokens"] = lengths.get(item["where"], (0, 0))
    print(json.dumps({"format": prep.fmt, "chat_template": template_name, "files": files, "rows": len(examples) + len(prep.skipped),
                      "examples": shown, "histogram": _histogram(counted, args.seq_len), "counted_examples": len(counted),
                      "longer_than_seq_len": prep.cut, "skipped_rows": len(prep.skipped),
                      "skipped": [{"where": e.where, "reason": e.reason} for e in (prep.skipped + prep.dropped)[:MAX_LISTED]]}),
          flush=True)


def _segments(text, spans):
    """[[text, trained], ...] covering the text in order."""
    out, at = [], 0
    for a, b in sorted(spans):
        if a > at:
            out.append([text[at:a], False])
        if b > max(a, at):
            out.append([text[max(a, at):b], True])
        at = max(at, b)
    if at < len(text):
        out.append([text[at:], False])
    return out


def add_arguments(parser):
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True, action="append")
    parser.add_argument("--validation_data", action="append")
    parser.add_argument("--format", default="auto", choices=["auto"] + list(FORMATS))
    parser.add_argument("--columns", default="")
    parser.add_argument("--chat_template", default="auto")
    parser.add_argument("--train_on_prompt", action="store_true")
    parser.add_argument("--seq_len", type=int, required=True)
    parser.add_argument("--overlong", default="truncate", choices=["truncate", "split"])
    parser.add_argument("--validation_split", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1337)
    parser.add_argument("--skip_bad_rows", action="store_true")
    parser.add_argument("--rows", type=int, default=20)  # preview: the examples shown
