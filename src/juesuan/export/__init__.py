"""Export stored data: facts or findings as CSV, JSON lines, Parquet, XLSX, or a Fiscal Data Package.

Kept light: the command line imports this before anything heavy; the work is in ``run``.
"""

FORMATS = ("csv", "jsonl", "parquet", "xlsx", "fdp")
