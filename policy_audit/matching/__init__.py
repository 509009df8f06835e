"""Match: a document's clauses × a standard's items → Hits, each read by its clause frame (see `reading`).

The reader lives in `reading`, not here, so that it can be compiled (setup.py): mypyc gives a compiled
package `__init__` the wrong `__path__` when the compiled group sits inside the package.
"""

from policy_audit.matching.reading import DocumentText, StandardMatcher, matcher_for, read, split_at_headings

__all__ = ["DocumentText", "StandardMatcher", "matcher_for", "read", "split_at_headings"]
