"""Token-level syntax the frame reader needs: list markers, run-in titles, insertions, brackets and questions.

Plain functions over the reader's words (lexicon.Token): no cue knowledge here, only the shape of a sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from policy_audit.read.lexicon import Lexicon, Token

_SKIP_WORDS = frozenset(
    "not never only also always ever then still first further generally normally both either thereafter again "
    "instead likewise otherwise immediately promptly personally reasonably thus hereby".split()
)
_SKIP_STARTS = frozenset({"at", "in"})
_SKIP_PHRASES = (("at", "all", "time"), ("at", "any", "time"), ("in", "all", "case"), ("in", "any", "case"))
_MINOR_WORDS = frozenset({"a", "an", "and", "of", "the", "to", "for", "in", "on", "or", "with", "by"})
_QUESTION_WORDS = frozenset({"whether", "how"})
"""Open an indirect question: a cue inside one is asked about, not laid down."""
CHOOSING_VERBS = frozenset(
    {"determine", "decide", "assess", "consider", "evaluate", "choose", "select", "judge", "know"}
)
_SUBJECT_REACH = 20
_SUBORDINATORS = frozenset({"when", "while", "if", "after", "before", "during", "upon", "once", "until", "unless"})
MODAL_WORDS = frozenset({"shall", "must", "will", "may", "can", "should", "would"})
SENTENCE_MARKS = frozenset({".", "!", "?"})
_CLAUSE_OPENERS = frozenset({"that", "which", "who", "when", "if", "because", "whether", "while", "where", "unless"})
_ITEM_WORDS = frozenset({"paragraph", "subparagraph", "item", "subsection", "clause", "point"})
_REFERENCE_REACH = 8
"""How many words after 'except' a list item's reference may stand ('except as stated in paragraph (d)')."""
_MARKER = re.compile(
    r"\(?[A-Za-z0-9]{1,4}[.)]|\([A-Za-z0-9]{1,4}\)|[•●▪◦‣∙·*–-]|--|\[[\w.:-]{1,12}\]|\[\]|[☐☑☒]|\d{1,3}(?:\.\d{1,3}){1,3}\.?"
)


def run_in_label(tokens: Sequence[Token]) -> int:
    """The index after a run-in title ('Duty to Intervene:' in Title Case, at most six words), else 0."""
    start = after_marker(tokens)
    for index in range(start, min(len(tokens), start + 8)):
        if tokens[index].text == ":":
            words = [token.text for token in tokens[start:index] if token.is_word]
            titled = all(word[:1].isupper() or word.lower() in _MINOR_WORDS for word in words)
            return index + 1 if words and titled and index + 1 < len(tokens) else 0
    return 0


def outside_brackets(tokens: Sequence[Token]) -> list[Token]:
    """The tokens outside brackets, nested ones too ("Reportable force (see 7.02(J)) includes …": "Reportable force
    includes …")."""
    out, depth = [], 0
    for token in tokens:
        depth += (token.text == "(") - (token.text == ")")
        if depth == 0 and token.text != ")":
            out.append(token)
        depth = max(depth, 0)
    return out


_MAIN_VERBS = frozenset({"be", "shall", "will", "must", "may", "should", "remain", "rest"})
"""Where a question that opens its sentence as the subject ends ('Whether … is left to …')."""


def questions(tokens: Sequence[Token], low: int, high: int) -> list[tuple[int, int]]:
    """Token spans of indirect questions ('determine which …', 'whether …', 'how …'), up to the next comma."""
    spans = []
    for index in range(low, high):
        lemma = tokens[index].lemma
        asks = lemma in _QUESTION_WORDS or (
            lemma == "which" and index > low and tokens[index - 1].lemma in CHOOSING_VERBS
        )
        if asks:
            end = next((at for at in range(index + 1, high) if tokens[at].text in {",", ";"}), high)
            if end == high and index == after_marker(tokens):
                # "Whether to give a warning … is left to the officer's discretion": a question that is the subject
                # ends at the main verb, which says something of it.
                end = next((at for at in range(index + 2, high) if tokens[at].lemma in _MAIN_VERBS), high)
            spans.append((index, end))
    return spans


def parentheses(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token spans inside '(' … ')': a cue there ('(OC spray may be used …)') speaks of what the brackets hold."""
    spans, opened = [], None
    for index, token in enumerate(tokens):
        if token.text == "(":
            opened = index
        elif token.text == ")" and opened is not None:
            spans.append((opened, index))
            opened = None
    return spans


def marker_of(tokens: Sequence[Token]) -> str:
    """A list item's marker, bare ('d' for '(d)', '2' for '2.'), or ''."""
    return "".join(token.text for token in tokens[: after_marker(tokens)]).strip("().").lower()


def referred_item(tokens: Sequence[Token], after: int) -> str | None:
    """The list item a lead-in's exception points to ("… prohibited, except as stated in paragraph (d):"), or None
    when it names none: such an exception belongs to that item, not to the others."""
    window = [token.text for token in tokens[after : after + _REFERENCE_REACH]]
    for at, word in enumerate(window):
        if word.lower() in _ITEM_WORDS and at + 1 < len(window):
            marker = "".join(window[at + 1 : at + 4])
            found = _MARKER.match(marker)
            if found:
                return found.group(0).strip("().").lower()
    return None


def clause_joint(tokens: Sequence[Token], at: int) -> bool:
    """Does another clause start at `at`: a ';', or ', and', ', or', ', but'?"""
    return tokens[at].text == ";" or (
        tokens[at].text == "," and at + 1 < len(tokens) and tokens[at + 1].lemma in ("and", "or", "but")
    )


def after_marker(tokens: Sequence[Token]) -> int:
    """The index after a list marker ('(a)', '1.', 'b)', 'iv.') at the start of a clause (0 when there is none)."""
    joined = ""
    for index, token in enumerate(tokens[:3]):
        joined += token.text
        if _MARKER.fullmatch(joined):
            return index + 1
    return 0


def skip(tokens: Sequence[Token], index: int, lexicon: Lexicon) -> int:
    """Skip adverbs, negations, parentheses and comma-delimited insertions after a modal ('shall, when safe, intervene')."""
    while index < len(tokens):
        token = tokens[index]
        lemma = token.lemma
        if lemma in _SKIP_WORDS or (lemma.endswith("ly") and len(lemma) > 4 and not lexicon.is_verb(lemma)):
            index += 1
            continue
        matched = lemma in _SKIP_STARTS and next(
            (
                len(phrase)
                for phrase in _SKIP_PHRASES
                if tuple(t.lemma for t in tokens[index : index + len(phrase)]) == phrase
            ),
            0,
        )
        if matched:
            index += matched
            continue
        if token.text in {"(", ","}:
            closing = ")" if token.text == "(" else ","
            close = next(
                (
                    position
                    for position in range(index + 1, min(len(tokens), index + 16))
                    if tokens[position].text == closing
                ),
                None,
            )
            if close is not None:
                index = close + 1
                continue
            if token.text == ",":
                index += 1
                continue
        return index
    return index


_SUBJECT_ENDS = MODAL_WORDS | {
    "who",
    "whom",
    "whose",
    "that",
    "which",
    ",",
    "(",
    ";",
    ":",
    "—",
    "–",
    "'",
    '"',
    "“",
    "‘",
}
_FRONTED = _SUBORDINATORS | frozenset(
    {
        *"where whenever in for as on at if by with under to from since because although though".split(),
        *"irrespective regardless notwithstanding pursuant subject consistent except".split(),
    }
)
"""Words that open a phrase or clause put before the subject ('Regardless of rank, any officer …')."""


def after_fronted(tokens: Sequence[Token], limit: int, openers: frozenset[str]) -> int | None:
    """Where a clause's main part starts, past a list marker, a run-in title and a phrase put before it that opens
    with one of `openers` and ends at a comma before `limit` ('When force is used, the supervisor shall …'); None
    when such a phrase has no comma before `limit`."""
    start = max(after_marker(tokens), run_in_label(tokens))
    if start >= limit or tokens[start].lemma not in openers:
        return start
    comma = next((at for at in range(start, limit) if tokens[at].text == ","), -1)
    return comma + 1 if comma >= 0 else None


def subject_span(tokens: Sequence[Token], cue_start: int) -> tuple[int, int]:
    """The words naming who a rule before `cue_start` is laid on ('A sergeant who arrives … shall': 'A sergeant'):
    from the clause's start, past a list marker, run-in title or fronted clause ('When force is used, the
    supervisor shall'), to the first relative word, comma or bracket. Empty when the clause has no such subject."""
    start = after_fronted(tokens, cue_start, _FRONTED)
    start = cue_start if start is None else start
    end = next((at for at in range(start, cue_start) if tokens[at].lemma in _SUBJECT_ENDS), cue_start)
    return start, max(start, end)


def is_subject(tokens: Sequence[Token], mention_start: int, mention_end: int, cue_start: int) -> bool:
    """Is the mention the subject of the modal, not a word in an earlier clause ('… the shot will reduce the chance
    that deadly force will have to be used')? Only a short stretch without a new clause may separate them."""
    between = _without_asides(without_insertions(_without_labels(_without_subdivisions(tokens[mention_end:cue_start]))))
    if len(between) > _SUBJECT_REACH or any(
        token.lemma in _CLAUSE_OPENERS or token.lemma in MODAL_WORDS or token.text in {"(", ")"} for token in between
    ):
        return False
    # "When applying the LVNR, only the force necessary will be used": a fronted clause ends at the comma.
    before = tokens[max(0, mention_start - 4) : mention_start]
    return not (any(token.lemma in _SUBORDINATORS for token in before) and any(t.text == "," for t in between))


def _without_asides(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with short brackets taken out ("The VNR is a Level 4 technique (Order 4.3) and may be applied …"): a
    reference or a short name is an aside; a longer bracket may hold a clause of its own and stays."""
    out: list[Token] = []
    at = 0
    while at < len(tokens):
        closing = next((later for later in range(at + 1, min(len(tokens), at + _ASIDE_WORDS + 2)) if tokens[later].text == ")"), None)
        if tokens[at].text == "(" and closing is not None and "(" not in {token.text for token in tokens[at + 1 : closing]}:
            at = closing + 1
            continue
        out.append(tokens[at])
        at += 1
    return out


_ASIDE_WORDS = 3
_LABEL_REACH = 10
"""The most tokens a bracketed label after a subject may hold ("A Use of Force Report (Form UFR-1) shall …"), with
an agency's abbreviation spelled out ("(Sumac County Sheriff's Office Form 3-04A)")."""
_FORM_WORDS = frozenset({"form", "forms", "ref", "reference", "occurrence", "record", "entry", "task"})
"""Words of a form's or record's label; other brackets after a subject ("Neck restraints (as defined …) shall")
stay."""


_ASIDE_OPENERS = frozenset({"include", "including", "such", "e.g", "i.e", "namely", "also", "commonly", "sometimes", "aka"})
"""Words opening a bracket that elaborates the subject ("(including chokeholds and …)", "(also known as …)")."""
_CODE = re.compile(r"[A-Z0-9][A-Z0-9./-]*|[-/.]")
"""A token of a form's or an order's code, in capitals and figures ("PBCSO", "6-02", "GO", "4.1")."""
_CODE_TOKENS = 6
_ONE_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*(?:-?[0-9]+[A-Za-z]?)?")
"""A bracket of one word, perhaps hyphenated, or a form's code ("WCSO-40", "UF1"): the subject's other name."""


def _without_labels(tokens: Sequence[Token]) -> Sequence[Token]:
    """The tokens with a form's bracketed label right after the subject taken out: "A Use of Force Report (Form
    UFR-1) shall be submitted", "(BCSO Form 31)", "(an occurrence entry in the records system)" lay their rule on the
    report, as does the subject's abbreviation or other name in one word ("A Tactical Options Report (TOR) must be
    completed"). A longer bracket, or one holding a modal, stays."""
    if len(tokens) >= 2 and tokens[0].text != "(" and tokens[-1].text == ")":
        # "Connecting handcuffs to leg restraints (hog-tying) shall …": the label closes the subject
        opening = max((at for at, token in enumerate(tokens) if token.text == "("), default=-1)
        return tokens if opening < 0 else [*tokens[:opening], *_without_labels(tokens[opening:])]
    if len(tokens) < 2 or tokens[0].text != "(":
        return tokens
    close = next((at for at, token in enumerate(tokens) if token.text == ")"), None)
    if close is None:
        return tokens
    inside = tokens[1:close]
    joined = all(left.end == right.start for left, right in itertools.pairwise(inside))
    if joined and _ONE_WORD.fullmatch("".join(token.text for token in inside)):
        return tokens[close + 1 :]  # "(TOR)", "the carotid (sleeper) hold", "(hog-tying)"
    if any(token.lemma in MODAL_WORDS for token in tokens[:close]):
        return tokens
    if inside and inside[0].lemma in _ASIDE_OPENERS:
        return tokens[close + 1 :]  # "Neck restraints (including chokeholds and the LVNR) shall …": an aside
    if 0 < len(inside) <= _CODE_TOKENS and all(_CODE.fullmatch(token.text) for token in inside):
        return tokens[close + 1 :]  # "A Use of Force Report (PBCSO 6-02) shall …": a form's code
    if close - 1 > _LABEL_REACH or not any(token.lemma in _FORM_WORDS for token in tokens[1:close]):
        return tokens
    return tokens[close + 1 :]


def _without_subdivisions(tokens: Sequence[Token]) -> Sequence[Token]:
    """The tokens with a citation's bracketed subdivision taken out, a bracket closed up to the number before it
    ("described in 7.02(H)", "under 300.3(b)(2)"): a reference, not an insertion between a subject and its verb."""
    out: list[Token] = []
    at = 0
    while at < len(tokens):
        token = tokens[at]
        closing = at + 2
        if (
            token.text == "("
            and out
            and out[-1].end == token.start
            and closing < len(tokens)
            and tokens[closing].text == ")"
            and len(tokens[at + 1].text) <= 3
        ):
            at = closing + 1  # "7.02" "(" "H" ")": the bracket goes, the number stays
            continue
        out.append(token)
        at += 1
    return out


def without_insertions(tokens: Sequence[Token]) -> list[Token]:
    """Tokens with comma-delimited insertions removed ('Every discharge, whether or not anyone is hit, shall …')."""
    out: list[Token] = []
    inside = False
    for token in tokens:
        if token.text == ",":
            inside = not inside
            continue
        if not inside:
            out.append(token)
    return out if not inside else [token for token in tokens if token.text != ","]
