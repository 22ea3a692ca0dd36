"""The metrics line protocol: one JSON object per line, prefixed by "@catapult ", on stdout."""

import json
import math
import numbers
import os
import threading
import time

_PREFIX = b"@catapult "
_lock = threading.Lock()
_start = time.monotonic()

# Names a program's logs use for the dashboard's series (Accelerate examples, Trainer, custom loops).
_SERIES = {
    "loss": "loss", "train_loss": "loss", "train/loss": "loss", "training_loss": "loss",
    "lr": "lr", "learning_rate": "lr", "train/learning_rate": "lr", "train/lr": "lr",
    "grad_norm": "grad_norm", "train/grad_norm": "grad_norm", "gradient_norm": "grad_norm",
    "tokens_per_s": "tokens_per_s", "tokens_per_second": "tokens_per_s", "train_tokens_per_second": "tokens_per_s",
    "epoch": "epoch",
}
_EVAL_LOSS = ("eval_loss", "val_loss", "validation_loss", "eval/loss", "valid_loss")
_EVAL_PREFIXES = ("eval_", "eval/", "val_", "validation_", "valid_")

state = {"step": 0, "last_loss": None, "loss_logged": False, "steps_reported": 0}


def is_main_process():
    return os.environ.get("RANK", "0") == "0"


def elapsed():
    return time.monotonic() - _start


def _number(value):
    """A float for numbers and one-element tensors or arrays; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Number):
        return float(value)
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "numel", lambda: getattr(value, "size", 0))() == 1:
        try:
            return float(item())
        except (TypeError, ValueError, RuntimeError):
            return None
    return None


def _json_value(v):
    # JSON has no NaN or infinity: a non-finite number is null, as the engine writes it.
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    return v


_jsonl = {"file": None, "tried": False}


def _metrics_file():
    """RUN_DIR/metrics.jsonl of the main process, as the engine keeps it (None elsewhere)."""
    if not _jsonl["tried"]:
        _jsonl["tried"] = True
        run_dir = os.environ.get("CATAPULT_RUN_DIR")
        if run_dir and is_main_process():
            try:
                os.makedirs(run_dir, exist_ok=True)
                _jsonl["file"] = open(os.path.join(run_dir, "metrics.jsonl"), "a", encoding="utf-8")
            except OSError:
                pass
    return _jsonl["file"]


def emit(fields):
    """Writes one metrics line; a line of the protocol is written whole (one write call). It
    also goes to RUN_DIR/metrics.jsonl, so the run folder can be imported on its own. Outside
    `catapult launch` (no CATAPULT_RUN_DIR) nothing is written."""
    if not os.environ.get("CATAPULT_RUN_DIR"):
        return
    fields = dict(fields)
    fields.setdefault("time", round(elapsed(), 3))
    fields = _json_value(fields)
    text = json.dumps(fields, separators=(",", ":"))
    data = _PREFIX + text.encode() + b"\n"
    with _lock:
        try:
            os.write(1, data)
        except OSError:
            pass
        f = _metrics_file()
        if f is not None:
            f.write(text + "\n")
            f.flush()


def split_values(values):
    """Known series, the evaluation values (loss and the rest, by name without the prefix),
    and the other numeric values of a log dict."""
    known, extra, evaluation = {}, {}, {}
    for name, value in (values or {}).items():
        v = _number(value)
        if v is None:
            continue
        if name in _EVAL_LOSS:
            evaluation["loss"] = v
        elif name.startswith(_EVAL_PREFIXES):
            prefix = next(p for p in _EVAL_PREFIXES if name.startswith(p))
            evaluation[name[len(prefix):]] = v
        elif name in _SERIES and _SERIES[name] not in known:
            known[_SERIES[name]] = v
        else:
            extra[str(name)] = v
    return known, extra, evaluation


def step_line(step, values, source):
    """Reports a dict of values as a step line (and an eval line for an evaluation loss)."""
    if not is_main_process():
        return
    known, extra, evaluation = split_values(values)
    if step is None:
        step = state["step"]
    step = int(step)
    if "loss" in known:
        state["loss_logged"] = True
        state["last_loss"] = known["loss"]
    if known or extra:
        line = {"type": "step", "step": step, "source": source}
        line.update(known)
        if extra:
            line["extra"] = extra
        emit(line)
        state["steps_reported"] = max(state["steps_reported"], step)
    if evaluation:
        line = {"type": "eval", "step": step, "source": source}
        if "loss" in evaluation:
            line["loss"] = evaluation.pop("loss")
        if evaluation:
            line["extra"] = evaluation
        emit(line)


def report(step=None, loss=None, **values):
    """A step line from the script itself: ``catapult.report(step=..., loss=..., lr=...)``."""
    if loss is not None:
        values["loss"] = loss
    step_line(step, values, "report")


def report_eval(step=None, loss=None, **values):
    """A validation line: ``catapult.report_eval(step=..., loss=...)``."""
    if not is_main_process():
        return
    line = {"type": "eval", "step": int(state["step"] if step is None else step), "source": "report"}
    if loss is not None:
        line["loss"] = _number(loss)
    extra = {k: _number(v) for k, v in values.items() if _number(v) is not None}
    if extra:
        line["extra"] = extra
    emit(line)
