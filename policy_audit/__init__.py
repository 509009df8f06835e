"""policy-audit: read a police use-of-force policy and report which human-rights safeguards it provides."""

__version__ = "0.2.0"
