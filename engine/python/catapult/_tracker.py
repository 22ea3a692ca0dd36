"""An Accelerate tracker that reports to Catapult: ``Accelerator(log_with=CatapultTracker())``."""

from accelerate.tracking import GeneralTracker

from . import _protocol


class CatapultTracker(GeneralTracker):
    name = "catapult"
    requires_logging_directory = False
    main_process_only = True

    def __init__(self, run_name="catapult"):
        super().__init__()
        self.run_name = run_name

    @property
    def tracker(self):
        return self

    def store_init_configuration(self, values):
        pass  # the run's configuration is its config file and command line, kept by the run store

    def log(self, values, step=None, **kwargs):
        _protocol.step_line(step, values, "tracker")
