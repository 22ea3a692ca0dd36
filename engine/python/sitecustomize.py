"""Catapult's instrumentation of Python ranks (see catapult/_hooks.py), then the
sitecustomize that would have run without it: the next one on sys.path, if any."""

import importlib.machinery
import importlib.util
import os
import sys


def _install_catapult():
    if os.environ.get("CATAPULT_INSTRUMENT") != "1":
        return
    try:
        from catapult import _hooks

        _hooks.install()
    except Exception as error:  # noqa: BLE001  (never stop the user's program)
        sys.stderr.write("catapult: instrumentation not installed: %r\n" % (error,))


def _chain_to_next_sitecustomize():
    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or os.curdir) != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


_install_catapult()
_chain_to_next_sitecustomize()
