"""The default limits of a batch's reader processes (apart, so the CLI options need no more)."""

DEFAULT_TIMEOUT = 120.0  # seconds per document
DEFAULT_MEMORY_MB = 2048  # per worker process
