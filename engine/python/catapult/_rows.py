"""The rows of a dataset: JSON Lines, a JSON array, CSV/TSV, Parquet (with pyarrow) and plain
text, one file or a folder of them. Each row comes with where it is ("data.jsonl:1204", or
"data.parquet: row 17"), so every message about it can name the place.

A row that cannot be read (a JSON Lines line that is not JSON) is a RowError: the caller stops
on it or, when asked to, skips it. A file that cannot be read at all raises DatasetError."""

import csv
import json
import os

EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
              ".parquet": "parquet", ".txt": "text", ".md": "text"}


class DatasetError(Exception):
    """The dataset cannot be read; the message names the file (and line)."""


class RowError:
    """A row that is skipped or stops the preparation: where it is and why."""

    def __init__(self, where, reason):
        self.where, self.reason = where, reason

    def __str__(self):
        return "%s: %s" % (self.where, self.reason)


def dataset_files(paths):
    """The files of the given paths, a folder as its dataset files in name order (recursively)."""
    files = []
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, n) for n in sorted(names)
                          if not n.startswith(".") and os.path.splitext(n)[1].lower() in EXTENSIONS]
            if not found:
                raise DatasetError("%s: a folder without dataset files (%s)" % (path, ", ".join(sorted(EXTENSIONS))))
            files += found
        elif not os.path.exists(path):
            raise DatasetError("%s: no such file or folder" % path)
        elif os.path.splitext(path)[1].lower() not in EXTENSIONS:
            raise DatasetError("%s: not a kind of file Catapult reads as a dataset (%s)" % (path, ", ".join(sorted(EXTENSIONS))))
        else:
            files.append(path)
    return files


def read_rows(path):
    """Yields (where, row) with row a dict, or (where, RowError)."""
    kind = EXTENSIONS[os.path.splitext(path)[1].lower()]
    try:
        if kind == "parquet":
            yield from _parquet_rows(path)
            return
        with open(path, encoding="utf-8", newline="") as f:
            if kind == "jsonl":
                yield from _jsonl_rows(path, f)
            elif kind == "json":
                yield from _json_array_rows(path, f.read())
            elif kind in ("csv", "tsv"):
                yield from _csv_rows(path, f, "\t" if kind == "tsv" else ",")
            else:
                yield path, {"text": f.read()}
    except UnicodeDecodeError as error:
        raise DatasetError("%s: not UTF-8 text (byte %d)" % (path, error.start)) from None
    except OSError as error:
        raise DatasetError("%s: %s" % (path, error.strerror or error)) from None


def _jsonl_rows(path, f):
    for number, line in enumerate(f, 1):
        if not line.strip():
            continue
        where = "%s:%d" % (path, number)
        try:
            row = json.loads(line)
        except ValueError as error:
            yield where, RowError(where, "not valid JSON at column %d: %s" % (error.colno, error.msg.rstrip(" at")))
            continue
        yield where, row if isinstance(row, dict) else RowError(where, "a JSON %s, not an object with fields" % _kind(row))


def _json_array_rows(path, text):
    """The elements of a JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()
    position, line = _skip_space(text, 0), 1
    if position >= len(text) or text[position] != "[":
        raise DatasetError("%s: a JSON file is read as an array of rows; this one does not start with '[' "
                           "(JSON Lines files end in .jsonl)" % path)
    position += 1
    counted = 0
    while True:
        position = _skip_space(text, position)
        if position < len(text) and text[position] == "]":
            return
        line += text.count("\n", counted, position)
        counted = position
        try:
            row, end = decoder.raw_decode(text, position)
        except ValueError as error:
            raise DatasetError("%s:%d: not valid JSON at column %d: %s" % (path, error.lineno, error.colno, error.msg.rstrip(" at"))) from None
        where = "%s:%d" % (path, line)
        yield where, row if isinstance(row, dict) else RowError(where, "a JSON %s, not an object with fields" % _kind(row))
        position = _skip_space(text, end)
        if position < len(text) and text[position] == ",":
            position += 1
        elif position >= len(text) or text[position] != "]":
            at = text.count("\n", 0, position) + 1
            raise DatasetError("%s:%d: not valid JSON: expecting ',' or ']' after a row" % (path, at))


def _skip_space(text, position):
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _csv_rows(path, f, delimiter):
    reader = csv.DictReader(f, delimiter=delimiter)
    try:
        for row in reader:
            yield "%s:%d" % (path, reader.line_num), {k: v for k, v in row.items() if k is not None}
    except csv.Error as error:
        raise DatasetError("%s:%d: %s" % (path, reader.line_num, error)) from None


def _parquet_rows(path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise DatasetError("%s: reading Parquet needs the Python package pyarrow (scripts/setup installs it)" % path) from None
    try:
        number = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
            for row in batch.to_pylist():
                number += 1
                yield "%s: row %d" % (path, number), row
    except Exception as error:  # noqa: BLE001  (pyarrow's own message says what is wrong)
        raise DatasetError("%s: %s" % (path, error)) from None


def _kind(value):
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}.get(type(value), "null")
