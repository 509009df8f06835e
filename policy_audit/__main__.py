"""`python -m policy_audit` runs the CLI."""

from policy_audit.cli import main

main()
