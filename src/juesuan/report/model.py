"""The Report as the report stage and later ones import it; defined in ``juesuan.model.report``
so that the rules (an earlier stage) can build one."""

from juesuan.model.report import Report, RuleOutcome, Status

__all__ = ["Report", "RuleOutcome", "Status"]
