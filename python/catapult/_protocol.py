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
    "lr": "lr", "learning_rate": "lr", "train/learning_rate": "lr",
    "grad_norm": "grad_norm", "train/grad_norm": "grad_norm", "gradient_norm": "grad_norm",
    "tokens_per_s": "tokens_per_s", "tokens_per_second": "tokens_per_s", "train_tokens_per_second": "tokens_per_s",
    "epoch": "epoch",
}
_EVAL_LOSS = ("eval_loss", "val_loss", "validation_loss", "eval/loss", "valid_loss")

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


def emit(fields):
    """Writes one metrics line; a line of the protocol is written whole (one write call)."""
    fields = dict(fields)
    fields.setdefault("time", round(elapsed(), 3))
    fields = _json_value(fields)
    data = _PREFIX + json.dumps(fields, separators=(",", ":")).encode() + b"\n"
    with _lock:
        try:
            os.write(1, data)
        except OSError:
            pass


def split_values(values):
    """Known series, the evaluation loss, and the other numeric values of a log dict."""
    known, extra, eval_loss = {}, {}, None
    for name, value in (values or {}).items():
        v = _number(value)
        if v is None:
            continue
        if name in _EVAL_LOSS:
            eval_loss = v
        elif name in _SERIES and _SERIES[name] not in known:
            known[_SERIES[name]] = v
        else:
            extra[str(name)] = v
    return known, extra, eval_loss


def step_line(step, values, source):
    """Reports a dict of values as a step line (and an eval line for an evaluation loss)."""
    if not is_main_process():
        return
    known, extra, eval_loss = split_values(values)
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
    if eval_loss is not None:
        emit({"type": "eval", "step": step, "loss": eval_loss, "source": source})


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
