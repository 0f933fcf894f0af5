"""Reports: the Report object and its renderings (text, JSON, HTML, XLSX)."""

from juesuan.report.model import Report, RuleOutcome, Status

__all__ = ["Report", "RuleOutcome", "Status"]
