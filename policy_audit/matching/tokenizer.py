"""spaCy's blank English tokenizer, run from its exported rules without importing spaCy.

Importing spaCy takes a second or more (its CLI, thinc, weasel …) before a word is read; a one-page scan needs
none of that. The rules (special cases, prefix, suffix, infix and URL patterns) are taken from
`spacy.blank("en").tokenizer` once per spaCy version, kept in a marshal file beside the scan cache, and applied
here by a transcription of spaCy's own algorithm (`Tokenizer._split_affixes`, `_attach_tokens` and the final
`_apply_special_cases`). Text with other whitespace than single spaces (spaCy makes tokens of it) goes to spaCy
itself; segmented clauses never have any. So the tokens are spaCy's, exactly: the tests compare the two on
tricky text, and `benchmarks/speed.py` on every text of the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

_FORMAT = 5
"""Bump when `export` changes what it writes, so that old rule files are not read."""

Chunk = tuple[tuple[str, ...], tuple[int, ...]]
"""The tokens of one whitespace-free chunk: their texts, and their offsets in the chunk."""


@dataclass(frozen=True)
class TokenizerRules:
    """What spaCy's English tokenizer decides with, as plain data."""

    specials: dict[str, tuple[str, ...]]
    """Special cases ("don't" → "do", "n't"): the chunk and its tokens."""
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str]
    merges: dict[str, list[list[str]]]
    """By their first token, the token sequences spaCy's last pass looks for: a special case split by affixes."""
    letters_alone: bool = False
    """No prefix, suffix or infix pattern can match in a chunk of ASCII letters (regex_letters.py), so such a
    chunk, unless a special case, is one token: no search is run for it."""


class RulesTokenizer:
    """Tokenizes single-spaced text as spaCy does; other text it leaves to spaCy."""

    def __init__(self, rules: TokenizerRules) -> None:
        self.rules = rules
        self._chunks: dict[str, Chunk] = {}
        self._firsts = frozenset(rules.merges)
        self._seconds = {
            first: frozenset(sequence[1] if len(sequence) > 1 else first for sequence in sequences)
            for first, sequences in rules.merges.items()
        }
        """By first token, the second tokens its sequences need: "." starts one (". _ ."), and most texts have a "."."""

    def tokenize(self, text: str) -> tuple[tuple[str, int], ...] | None:
        """(token, offset) for every token of `text`, or None where only spaCy can say."""
        if " ".join(text.split()) != text:
            return None  # other whitespace than single spaces: spaCy makes whitespace tokens of it
        texts: list[str] = []
        offsets: list[int] = []
        offset = 0
        chunks = self._chunks
        for chunk in text.split(" ") if text else ():
            found = chunks.get(chunk)
            if found is None:
                found = chunks[chunk] = self._chunk(chunk)
            pieces = found[0]
            if len(pieces) == 1:  # most chunks are one word
                texts.append(pieces[0])
                offsets.append(offset)
            else:
                texts.extend(pieces)
                offsets.extend([offset + start for start in found[1]])
            offset += len(chunk) + 1
        present = self._firsts.intersection(texts)
        if present:
            words = set(texts)
            present = frozenset(first for first in present if not self._seconds[first].isdisjoint(words))
        if not present:
            return tuple(zip(texts, offsets, strict=True))
        return self._merged(texts, offsets, text, present)

    def _merged(
        self, texts: list[str], offsets: list[int], text: str, present: frozenset[str]
    ) -> tuple[tuple[str, int], ...]:
        """spaCy's last pass (`_apply_special_cases`): special cases that affixes split are put back together.

        Every occurrence of a split special case is found; the longest, then the leftmost, are kept where they
        do not overlap one already taken, and those whose text is a special case take its tokens ("8", ")" → "8)").
        """
        found: set[tuple[int, int]] = set()
        for first in present:  # the first tokens found, at each of their places (list.index searches in C)
            sequences = self.rules.merges[first]
            index = texts.index(first)
            while index >= 0:
                for sequence in sequences:
                    end = index + len(sequence)
                    if texts[index:end] == sequence:
                        found.add((index, end))
                try:
                    index = texts.index(first, index + 1)
                except ValueError:
                    index = -1
        if not found:
            return tuple(zip(texts, offsets, strict=True))
        tokens = list(zip(texts, offsets, strict=True))
        seen: set[int] = set()
        kept: dict[int, int] = {}
        for start, end in sorted(found, key=lambda span: (span[1] - span[0], -span[0]), reverse=True):
            if start not in seen and end - 1 not in seen:
                kept[start] = end
            seen.update(range(start, end))
        out: list[tuple[str, int]] = []
        index = 0
        while index < len(tokens):
            end = kept.get(index, 0)
            if not end:
                out.append(tokens[index])
                index += 1
                continue
            last, last_start = tokens[end - 1]
            pieces = self.rules.specials.get(text[tokens[index][1] : last_start + len(last)])
            if pieces is None:
                out.extend(tokens[index:end])
            else:
                offset = tokens[index][1]
                for piece in pieces:
                    out.append((piece, offset))
                    offset += len(piece)
            index = end
        return tuple(out)

    def _chunk(self, chunk: str) -> Chunk:
        return _offsets(self._split(chunk))

    def _split(self, chunk: str) -> list[str]:
        """spaCy's `_tokenize` with special cases: affixes off both ends, then specials, URLs or infixes inside.

        Each turn of the affix loop depends only on the string left, so once that string has been split before
        ("force" inside "force."), its tokens are those; and the string the loop ends with is remembered as a
        chunk of its own. Most new chunks are a known word with punctuation on it.
        """
        specials = self.rules.specials
        if chunk in specials:
            return list(specials[chunk])
        if self.rules.letters_alone and chunk.isascii() and chunk.isalpha():
            return [chunk]  # no affix can come off and no infix split it; a URL would be one token too
        chunks = self._chunks
        prefixes: list[str] = []
        suffixes: list[str] = []
        string = chunk
        last_size = 0
        while string and len(string) != last_size:
            if string in specials:
                break
            known = chunks.get(string) if len(string) != len(chunk) else None
            if known is not None:
                return [*prefixes, *known[0], *reversed(suffixes)]
            last_size = len(string)
            found = self.rules.prefix.search(string)
            pre_len = found.end() - found.start() if found else 0
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in specials:
                    string = minus_pre
                    prefixes.append(prefix)
                    break
            found = self.rules.suffix.search(string[pre_len:])
            suf_len = found.end() - found.start() if found else 0
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in specials:
                    string = minus_suf
                    suffixes.append(suffix)
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        tokens = prefixes
        if string:
            if string in specials:
                inner = list(specials[string])
            elif self.rules.url.match(string):
                inner = [string]
            else:
                inner = self._infixed(string)
            if len(string) != len(chunk) and string not in chunks:
                chunks[string] = _offsets(inner)
            tokens.extend(inner)
        tokens.extend(reversed(suffixes))
        return tokens

    def _infixed(self, string: str) -> list[str]:
        """'dyn-o-mite' → dyn, -, o, -, mite; an infix at the very start is not split off."""
        out: list[str] = []
        start = 0
        for match in self.rules.infix.finditer(string):
            infix_start, infix_end = match.start(), match.end()
            if infix_start == 0:
                continue
            if infix_start != start:
                out.append(string[start:infix_start])
            if infix_start != infix_end:
                out.append(string[infix_start:infix_end])
            start = infix_end
        if string[start:]:
            out.append(string[start:])
        return out


def _offsets(texts: list[str]) -> Chunk:
    """A chunk's tokens with their offsets in it: the tokens cover the chunk in order, each where the last ended."""
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text)
    return tuple(texts), tuple(starts)


@lru_cache(maxsize=1)
def rules_tokenizer() -> RulesTokenizer | None:
    """The rules tokenizer, or None when spaCy's rules cannot be run without spaCy (then spaCy tokenizes)."""
    rules = _rules()
    return RulesTokenizer(rules) if rules is not None else None


def _rules() -> TokenizerRules | None:
    """The rules from their file, or exported from spaCy (and the file written) when it is missing or damaged."""
    from policy_audit.cachefiles import cached_marshal

    return cached_marshal(_rules_file(), export, _compiled)


def _compiled(data: Any) -> TokenizerRules | None:
    if data["format"] != _FORMAT:
        raise ValueError("an older rules file")
    if not data["exact"]:
        return None
    return TokenizerRules(
        specials=data["specials"],
        prefix=re.compile(data["prefix"], data["flags"][0]),
        suffix=re.compile(data["suffix"], data["flags"][1]),
        infix=re.compile(data["infix"], data["flags"][2]),
        url=re.compile(data["url"], data["flags"][3]),
        merges=data["merges"],
        letters_alone=data["letters_alone"],
    )


def _rules_file() -> Path | None:
    version = _spacy_version()
    if version is None:
        return None
    from policy_audit.cachefiles import cache_file

    return cache_file(f"en-tokenizer-spacy{version}-{_FORMAT}")


def _spacy_version() -> str | None:
    """The installed spaCy's version, read from its `about.py` (importlib.metadata costs more than the rest)."""
    spec = find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return None
    about = Path(next(iter(spec.submodule_search_locations))) / "about.py"
    try:
        found = re.search(r"__version__\s*=\s*[\"']([^\"']+)", about.read_text(encoding="utf-8"))
    except OSError:
        return None
    return found.group(1) if found else None


def export() -> dict[str, Any]:
    """spaCy's blank English tokenizer rules as plain data, and whether running them here is exact."""
    from spacy.attrs import ORTH
    from spacy.tokenizer import Tokenizer

    from policy_audit.matching.lexicon import _tokenizer

    tokenizer = _tokenizer()
    patterns = [tokenizer.prefix_search, tokenizer.suffix_search, tokenizer.infix_finditer, tokenizer.url_match]
    compiled = [getattr(pattern, "__self__", None) for pattern in patterns]
    specials = {
        chunk: tuple(str(spec.get(ORTH, spec.get("ORTH", ""))) for spec in substrings)
        for chunk, substrings in tokenizer.rules.items()
    }
    plain = Tokenizer(
        tokenizer.vocab,
        rules=None,
        prefix_search=tokenizer.prefix_search,
        suffix_search=tokenizer.suffix_search,
        infix_finditer=tokenizer.infix_finditer,
        token_match=tokenizer.token_match,
        url_match=tokenizer.url_match,
    )

    def affixed(chunk: str) -> bool:
        return bool(
            tokenizer.find_prefix(chunk) or tokenizer.find_suffix(chunk) or tokenizer.find_infix(chunk) or " " in chunk
        )

    merges: dict[str, list[list[str]]] = {}
    for chunk in specials:
        if tokenizer.faster_heuristics and not affixed(chunk):
            continue
        sequence = [token.text for token in plain(chunk)]
        if sequence and not any(text.isspace() for text in sequence):  # whitespace: never in single-spaced text
            merges.setdefault(sequence[0], []).append(sequence)
    # After loading, spaCy's chunk cache holds the last special case's chunks split without special cases; the
    # rules are exact here only if each such chunk is itself a special case (special cases are looked up first).
    last = max(specials) if specials else ""
    quirk_free = not affixed(last) or all(chunk in specials for chunk in last.split())
    exact = (
        tokenizer.token_match is None and all(isinstance(pattern, re.Pattern) for pattern in compiled) and quirk_free
    )
    from policy_audit.matching.regex_letters import letters_never_match

    affixes = [pattern for pattern in compiled[:3] if pattern is not None]
    try:
        letters_alone = exact and all(letters_never_match(pattern) for pattern in affixes)
    except Exception:  # `re._parser` is private: another Python's may differ, and then there is no shortcut
        letters_alone = False
    return {
        "format": _FORMAT,
        "exact": exact,
        "specials": specials,
        "prefix": compiled[0].pattern if compiled[0] is not None else "",
        "suffix": compiled[1].pattern if compiled[1] is not None else "",
        "infix": compiled[2].pattern if compiled[2] is not None else "",
        "url": compiled[3].pattern if compiled[3] is not None else "",
        "flags": tuple(pattern.flags if pattern is not None else 0 for pattern in compiled),
        "merges": merges,
        "letters_alone": letters_alone,
    }
