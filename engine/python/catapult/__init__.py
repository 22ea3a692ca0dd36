"""Catapult's reporting for Python training programs.

Under ``catapult launch`` every Python rank can import this package (the launcher puts it on
PYTHONPATH). Without any change to a script it reports what the script gives Hugging Face
Accelerate and transformers' Trainer (see ``catapult._hooks``). Scripts that want to say more
call the explicit API:

    import catapult
    catapult.report(step=10, loss=2.31, lr=3e-4)      # a step line; other names become extra series
    catapult.report_eval(step=10, loss=2.45)          # a validation line (type "eval")
    Accelerator(log_with=catapult.CatapultTracker())  # Accelerate's tracker API

Lines are the metrics line protocol (README, "Metrics line protocol"): ``@catapult {json}`` on
the rank's standard output; only the main process (RANK 0) reports training values.
"""

from ._protocol import emit, is_main_process, report, report_eval

__all__ = ["emit", "is_main_process", "report", "report_eval", "CatapultTracker"]


def __getattr__(name):
    # The tracker subclasses Accelerate's GeneralTracker: imported only when asked for, so the
    # package works in programs without Accelerate.
    if name == "CatapultTracker":
        from ._tracker import CatapultTracker

        return CatapultTracker
    raise AttributeError(name)
