"""The checklists that ship with policy-audit, as data (one YAML file per standard)."""
