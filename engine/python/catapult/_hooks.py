"""What the launcher's instrumentation adds to a Python rank, with no change to the script.

Installed by Catapult's sitecustomize when CATAPULT_INSTRUMENT=1 (``catapult launch`` sets it;
``--no_instrument`` leaves it out). When the script imports Accelerate or transformers:

- ``Accelerator.__init__``: a ``started`` line (world size, distributed type, mixed precision,
  device, Accelerate's version), and at exit a ``finished`` line.
- ``Accelerator.log(values, step)``: a step line; loss, lr/learning_rate, grad_norm, tokens/s
  are the dashboard's series, other numbers extra series, eval_loss an ``eval`` line.
- ``Accelerator.backward(loss)``: every CATAPULT_LOSS_EVERY-th optimizer step (default 1) the
  main process's loss, read without a device sync (a non-blocking copy, read once it is done),
  as long as the script does not log a loss itself.
- ``transformers.Trainer``: a callback that reports its logs (``on_log``) and evaluations.
"""

import atexit
import functools
import importlib.abc
import importlib.machinery
import os
import sys

from . import _protocol

_state = {"accelerator_seen": False, "trainer": False, "pending": None, "optimizer_steps": 0, "micro": 0}


def _loss_every():
    try:
        return max(1, int(os.environ.get("CATAPULT_LOSS_EVERY", "1")))
    except ValueError:
        return 1


# ---- Accelerate -------------------------------------------------------------------------------

def _started(accelerator):
    if _state["accelerator_seen"]:
        return
    _state["accelerator_seen"] = True
    if not accelerator.is_main_process:
        return
    import accelerate

    distributed = str(getattr(accelerator, "distributed_type", "NO")).split(".")[-1]
    precision = str(getattr(accelerator, "mixed_precision", "no"))
    _protocol.emit({
        "type": "started", "world_size": int(accelerator.num_processes), "device": str(accelerator.device),
        "distributed_type": distributed, "mixed_precision": precision,
        "gradient_accumulation_steps": int(getattr(accelerator, "gradient_accumulation_steps", 1)),
        "accelerate_version": accelerate.__version__, "source": "accelerate",
        "message": "Accelerate %s: %d process(es), %s, mixed precision %s, %s"
                   % (accelerate.__version__, accelerator.num_processes, distributed, precision, accelerator.device),
    })
    atexit.register(_finished)


def _finished():
    _flush_pending()
    steps = _protocol.state["steps_reported"]
    line = {"type": "finished", "steps": steps, "source": "accelerate", "message": "%d step(s)" % steps}
    if _protocol.state["last_loss"] is not None:
        line["loss"] = _protocol.state["last_loss"]
        line["message"] += ", last loss %.4g" % _protocol.state["last_loss"]
    _protocol.emit(line)


def _flush_pending(wait=True):
    """Reports the loss copied at an earlier step once its copy is done (at once on the CPU)."""
    pending = _state["pending"]
    if pending is None:
        return
    step, value, event = pending
    if event is not None and not event.query():
        if not wait:
            return
        event.synchronize()
    _state["pending"] = None
    if not _protocol.state["loss_logged"] and not _state["trainer"]:
        _protocol.step_line(step, {"loss": float(value.item())}, "backward")
        _protocol.state["loss_logged"] = False  # backward losses never silence themselves


def _after_backward(accelerator, loss):
    if not accelerator.sync_gradients:
        return
    _state["optimizer_steps"] += 1
    step = _state["optimizer_steps"]
    _protocol.state["step"] = step
    if not accelerator.is_main_process or _protocol.state["loss_logged"] or _state["trainer"]:
        return
    _flush_pending(wait=False)
    if step % _loss_every() or _state["pending"] is not None or not hasattr(loss, "detach"):
        return
    value = loss.detach()
    event = None
    if value.is_cuda:
        import torch

        value = value.to("cpu", non_blocking=True)
        event = torch.cuda.Event()
        event.record()
    # Read at the next backward (or at exit): by then the copy is done, and a loss the script
    # logs itself for this step has said so (then backward's losses are not reported).
    _state["pending"] = (step, value, event)


def _uses_catapult_tracker(accelerator):
    return any(getattr(t, "name", None) == "catapult" for t in getattr(accelerator, "trackers", []))


def patch_accelerate(module):
    cls = module.Accelerator
    if getattr(cls, "_catapult_patched", False):
        return
    cls._catapult_patched = True
    init, log, backward = cls.__init__, cls.log, cls.backward

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        _guard(_started, self)

    @functools.wraps(log)
    def log_(self, values, *args, **kwargs):
        result = log(self, values, *args, **kwargs)
        step = kwargs.get("step", args[0] if args else None)
        if not _uses_catapult_tracker(self):
            _guard(_protocol.step_line, step, values, "accelerator.log")
        return result

    @functools.wraps(backward)
    def backward_(self, loss, **kwargs):
        result = backward(self, loss, **kwargs)
        _guard(_after_backward, self, loss)
        return result

    cls.__init__, cls.log, cls.backward = __init__, log_, backward_


# ---- transformers' Trainer ----------------------------------------------------------------------

def _trainer_callback_class(module):
    from transformers import TrainerCallback

    class CatapultCallback(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):
            if not state.is_world_process_zero or not logs:
                return
            evaluation = {k[5:] if k.startswith("eval_") else k: v for k, v in logs.items() if k.startswith("eval_")}
            if evaluation:
                line = {"type": "eval", "step": int(state.global_step), "source": "trainer"}
                known, extra, _ = _protocol.split_values(evaluation)
                line.update({k: v for k, v in known.items() if k == "loss"})
                extra.update({k: v for k, v in known.items() if k != "loss"})
                if extra:
                    line["extra"] = extra
                _protocol.emit(line)
                return
            if any(k.startswith("train_") for k in logs) and "loss" not in logs:
                return  # the summary at the end of train(): the finished line says it
            _protocol.step_line(state.global_step, logs, "trainer")

    return CatapultCallback


def patch_trainer(module):
    cls = module.Trainer
    if getattr(cls, "_catapult_patched", False):
        return
    cls._catapult_patched = True
    init = cls.__init__
    callback = _trainer_callback_class(module)

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        _state["trainer"] = True
        self.add_callback(callback)

    cls.__init__ = __init__


# ---- installing ---------------------------------------------------------------------------------

def _guard(function, *args):
    """Instrumentation never breaks the script: a failure is one warning on stderr, then silence."""
    try:
        function(*args)
    except Exception as error:  # noqa: BLE001
        if not _state.get("warned"):
            _state["warned"] = True
            sys.stderr.write("catapult: instrumentation disabled after an error: %r\n" % (error,))
        _state["trainer"] = True
        _protocol.state["loss_logged"] = True


class _AfterImport(importlib.abc.MetaPathFinder):
    """Runs a function on a module right after it is first imported."""

    def __init__(self, hooks):
        self._hooks = hooks

    def find_spec(self, name, path, target=None):
        hook = self._hooks.get(name)
        if hook is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        del self._hooks[name]
        exec_module = spec.loader.exec_module

        def exec_and_patch(module):
            exec_module(module)
            _guard(hook, module)

        spec.loader.exec_module = exec_and_patch
        return spec


def install():
    hooks = {"accelerate.accelerator": patch_accelerate, "transformers.trainer": patch_trainer}
    for name in list(hooks):
        if name in sys.modules:
            _guard(hooks.pop(name), sys.modules[name])
    if hooks:
        sys.meta_path.insert(0, _AfterImport(hooks))
