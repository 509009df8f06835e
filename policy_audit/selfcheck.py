"""Run a standard's own example sentences through the whole reader: each must reach the status it is filed under."""

from __future__ import annotations

from dataclasses import dataclass

from policy_audit.audit import audit_text
from policy_audit.models import Standard, Status
from policy_audit.standards import iter_examples


@dataclass(frozen=True)
class ExampleFailure:
    """An example sentence that did not reach its expected status."""

    item: str
    expected: Status
    index: int
    sentence: str
    got: Status
    reason: str

    def line(self) -> str:
        return (
            f"{self.item}: example {self.expected.value}[{self.index}] reads as {self.got.value} "
            f"({self.reason}): {self.sentence!r}"
        )


def check_examples(standard: Standard) -> tuple[ExampleFailure, ...]:
    """Every example of `standard` that the reader gets wrong (empty when all pass)."""
    failures = []
    for item_id, expected, index, sentence in iter_examples(standard):
        got = example_result(standard, item_id, sentence)
        if got[0] is not expected:
            failures.append(ExampleFailure(item_id, expected, index, sentence, got[0], got[1]))
    return tuple(failures)


def example_result(standard: Standard, item_id: str, sentence: str) -> tuple[Status, str]:
    """The status and reason one example sentence gets for one item."""
    report = audit_text(sentence, [standard], name=f"{standard.id}:{item_id}")
    for result in report.results:
        if result.item == item_id:
            return result.status, result.reason
    raise KeyError(item_id)


if __name__ == "__main__":  # pragma: no cover - a developer's shortcut; users run `policy-audit standards validate`
    import sys

    from policy_audit.standards import load

    exit_code = 0
    for reference in sys.argv[1:]:
        loaded = load(reference)
        problems = check_examples(loaded)
        for problem in problems:
            print(f"{loaded.path}: {problem.line()}")
        print(f"{loaded.id}: {len(loaded.items)} items, {len(problems)} failing examples")
        exit_code |= bool(problems)
    sys.exit(exit_code)
