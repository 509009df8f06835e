"""The clause frame: what one clause does to one topic mention, read from tokens and the cue lexicon.

For a mention the frame finds the cue that acts on it inside its scope (scope ends at a `scope-end` cue or a
sentence end), and checks that a modal really governs an action on the practice: "Officers may fire a warning
shot" permits; "Warning shots may endanger bystanders" and "Officers who use a chokehold may be disciplined" say
nothing about whether the practice is allowed. Exceptions, deadly-force conditions and settings in the scope or
the list lead-in turn the rule into a restricted one. A list item with no cue of its own takes its lead-in's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from policy_audit.matching.cues import READING_CUES, CompiledCues, Cue
from policy_audit.matching.lexicon import Lexicon, Token
from policy_audit.matching.patterns import Match
from policy_audit.models import Kind, Reading

_SKIP_WORDS = frozenset(
    "not never only also always ever then still first further generally normally both either thereafter again "
    "instead likewise otherwise immediately promptly personally reasonably thus hereby".split()
)
_SKIP_STARTS = frozenset({"at", "in"})
_SKIP_PHRASES = (("at", "all", "time"), ("at", "any", "time"), ("in", "all", "case"), ("in", "any", "case"))
_MINOR_WORDS = frozenset({"a", "an", "and", "of", "the", "to", "for", "in", "on", "or", "with", "by"})
_PERSON_RELATIVES = frozenset({"who", "whom", "whose"})
_STATIVE = frozenset({"have", "possess"})
_STATIVE_REACH = 3
_READINESS = frozenset({"prepare", "prepared", "ready"})
_QUESTION_WORDS = frozenset({"whether", "how"})
"""Open an indirect question: a cue inside one is asked about, not laid down."""
_CHOOSING_VERBS = frozenset(
    {"determine", "decide", "assess", "consider", "evaluate", "choose", "select", "judge", "know"}
)
_SUBJECT_REACH = 20
_SUBORDINATORS = frozenset({"when", "while", "if", "after", "before", "during", "upon", "once", "until", "unless"})
_MODAL_WORDS = frozenset({"shall", "must", "will", "may", "can", "should", "would"})
_CLAUSE_OPENERS = frozenset({"that", "which", "who", "when", "if", "because", "whether", "while", "where", "unless"})
_WEAK_MODALS = frozenset({"may", "can", "cannot"})
_DOCUMENT_NOUNS = frozenset(
    "policy directive order manual procedure section chapter document department agency office sop".split()
)
_ITEM_WORDS = frozenset({"paragraph", "subparagraph", "item", "subsection", "clause", "point"})
_REFERENCE_REACH = 8
"""How many words after 'except' a list item's reference may stand ('except as stated in paragraph (d)')."""
_OBJECT_GAP = 3
"""How far after a use verb its object may start ('apply a carotid restraint', 'use the hold')."""
_ANY_MODAL = frozenset({"may", "can", "shall", "must", "will", "should", "would", "could", "might"})
"""Modals that also state possibility ('may endanger'), unlike shall and must."""
_DEMONSTRATIVES = frozenset({"this", "that", "such"})
_CARVE_OUT = frozenset({"who", "whose", "when", "if", "unless", "except", "where", "while"})
_AUXILIARIES = frozenset({"do", "does", "did", "shall", "will", "can", "could", "be", "have"})
_SENTENCE_MARKS = frozenset({".", "!", "?"})
_MARKER = re.compile(r"\(?[A-Za-z0-9]{1,4}[.)]|\([A-Za-z0-9]{1,4}\)|[•●▪◦‣∙·*–-]|\[[\w.:-]{1,12}\]")


@dataclass(frozen=True)
class CueHit:
    """A cue phrase found in a text: what it means, whether it is a modal, and where (token indices)."""

    cue: Cue
    modal: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Analysed:
    """A text ready to read: its tokens and the cues found in it (not-a-cue phrases already removed)."""

    tokens: tuple[Token, ...]
    cues: tuple[CueHit, ...]

    def has(self, cue: Cue) -> bool:
        return any(hit.cue is cue for hit in self.cues)


@dataclass(frozen=True)
class Mention:
    """Where a topic is named in a clause: its token span and the tokens its phrase matched."""

    start: int
    end: int
    words: frozenset[int]

    @classmethod
    def at(cls, start: int, end: int) -> Mention:
        return cls(start, end, frozenset(range(start, end)))


@dataclass(frozen=True)
class Frame:
    """The reading of one topic mention, and the cue words behind it."""

    reading: Reading
    base: Reading
    """For `restricts`: what the restricted rule is (prohibits, permits or requires); else equal to reading."""
    cues: tuple[str, ...]
    deadly_only: bool = False
    refusal: str = ""
    """For `refuses`: 'duty' (not required to …) or 'disclosure' (not for public release …); for `restricts`,
    'exemption' when some cases are exempted from a duty ("officers who … are not required to …")."""
    limited: bool = False
    """The rule is expressly limited to one setting (the holding facility, temporary custody …)."""
    verb: str = ""
    """The lemma of the verb the deciding cue governs ('carry' in "only certified officers may carry a TASER")."""


def analyse(tokens: tuple[Token, ...], matches: Sequence[Match], text: str) -> Analysed:
    """Turn raw cue matches into cue hits: not-a-cue phrases blank what they cover, overlaps keep the longest."""
    found = [
        (key[0], bool(key[1]), match.start, match.end)
        for match in matches
        for key in (match.key,)
        if isinstance(key, tuple)
    ]
    blanks = [(start, end) for cue, _, start, end in found if cue is Cue.NOT_A_CUE]
    kept: list[tuple[Cue, bool, int, int]] = []
    for cue, modal, start, end in found:
        if cue is Cue.NOT_A_CUE or any(start < b_end and b_start < end for b_start, b_end in blanks):
            continue
        kept.append((cue, modal, start, end))
    reading = sorted((entry for entry in kept if entry[0] in READING_CUES), key=lambda e: (-(e[3] - e[2]), e[2]))
    chosen: list[tuple[Cue, bool, int, int]] = []
    for entry in reading:
        if not any(entry[2] < other[3] and other[2] < entry[3] for other in chosen):
            chosen.append(entry)
    others = [entry for entry in kept if entry[0] not in READING_CUES]
    hits = sorted(set(chosen + others), key=lambda e: (e[2], e[3]))
    return Analysed(
        tokens,
        tuple(CueHit(cue, modal, start, end, _span_text(text, tokens, start, end)) for cue, modal, start, end in hits),
    )


def _span_text(text: str, tokens: Sequence[Token], start: int, end: int) -> str:
    if not tokens or start >= end:
        return ""
    return text[tokens[start].start : tokens[end - 1].end]


def read_frame(
    clause: Analysed,
    mention: Mention,
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
    lead: Analysed | None = None,
    setting_elsewhere: bool = False,
) -> Frame:
    """Read what `clause` does to the topic at token span `mention` for an item of `kind`."""
    cues = [
        hit
        for hit in clause.cues
        if hit.cue is Cue.REFUSE_DISCLOSURE or not set(range(hit.start, hit.end)) <= mention.words
    ]
    conditions = [hit for hit in cues if hit.cue is Cue.DEADLY_FORCE]

    label = _run_in_label(clause.tokens)
    if label:
        # "Duty to Intervene: Officers are reminded of Rule 113." — a run-in title names the paragraph's
        # subject; only a prohibition or permission in it ("Warning Shots: Prohibited") is a rule.
        cues = [hit for hit in cues if hit.start >= label or hit.cue in (Cue.PROHIBIT, Cue.PERMIT, Cue.SCOPE_END)]
    low, high = _scope(clause, cues, mention, lexicon)
    questions = _questions(clause.tokens, low, high)
    if questions:
        # "shall determine which technique will best de-escalate": what is asked is not what is required.
        # A mention inside 'determine which …' is what is chosen, not what the outer modal requires.
        inside = next(
            (
                (start, end)
                for start, end in questions
                if start <= mention.start < end and clause.tokens[start].lemma == "which"
            ),
            None,
        )
        cues = [
            hit
            for hit in cues
            if not any(start <= hit.start < end for start, end in questions)
            and (inside is None or hit.start >= inside[0])
        ]
    brackets = _parentheses(clause.tokens)
    scoped = [
        hit
        for hit in cues
        if low <= hit.start
        and hit.end <= high
        and not any(start < hit.start and hit.end <= end and not start < mention.start < end for start, end in brackets)
    ]
    deadly = bool(conditions) or bool(lead and lead.has(Cue.DEADLY_FORCE))
    limited = setting_elsewhere or any(hit.cue is Cue.SETTING for hit in cues) or bool(lead and lead.has(Cue.SETTING))
    for hit in scoped:
        if hit.cue is Cue.REFUSE_DUTY:
            # "who" directly before the refusal belongs to it ("officers who fail … may continue to carry"), with the
            # auxiliary of a negated one ("officers who do not pass … may continue").
            first = hit.start
            while (
                first > low
                and clause.tokens[first - 1].lemma in _AUXILIARIES
                and clause.tokens[hit.start].lemma == "not"
            ):
                first -= 1
            before = {token.lemma for token in clause.tokens[low : first - 1]}
            at = after_marker(clause.tokens[low:]) + low
            opening = clause.tokens[at].lemma if hit.start > low else ""
            # "This policy does not require …" refuses; "This spark check does not require a report" exempts.
            of_document = at + 1 < len(clause.tokens) and clause.tokens[at + 1].lemma in _DOCUMENT_NOUNS
            if before & _CARVE_OUT or (opening in _DEMONSTRATIVES and not of_document):
                # "Officers who keep the firearm at low ready are not required to report" or "This spark check does
                # not require a report": an exemption of some cases, not a refusal of the duty.
                return Frame(Reading.RESTRICTS, Reading.REQUIRES, (hit.text,), refusal="exemption", limited=limited)
            return Frame(Reading.REFUSES, Reading.REFUSES, (hit.text,), refusal="duty", limited=limited)
    for hit in cues if kind is Kind.PUBLICATION else ():
        if hit.cue is Cue.REFUSE_DISCLOSURE:
            return Frame(Reading.REFUSES, Reading.REFUSES, (hit.text,), refusal="disclosure", limited=limited)
    readable = [
        hit
        for hit in scoped
        if hit.cue in READING_CUES and hit.cue is not Cue.REFUSE_DISCLOSURE and not _in_condition(hit, conditions)
    ]
    exceptions = [hit for hit in scoped if hit.cue is Cue.EXCEPTION and not _in_condition(hit, conditions)]
    readable = _main_cues(clause.tokens, readable, lexicon, verbs)
    base, cue = _modal(clause.tokens, readable + exceptions, mention, kind, verbs, lexicon)
    # A list item with no cue of its own takes its lead-in's, also when it opens with a verb: "Officers shall not:
    # (a) use a chokehold" forbids what the item's imperative alone would require.
    own_rule = base is not Reading.MENTIONS and bool(readable or exceptions or base is not Reading.REQUIRES)
    if lead is not None and not own_rule:
        lead_cues = [hit for hit in lead.cues if hit.cue in READING_CUES and not _in_condition(hit, lead.cues)]
        lead_cues = _main_cues(lead.tokens, lead_cues, lexicon, verbs)
        end = len(lead.tokens)
        lead_base, lead_cue = _modal(lead.tokens, lead_cues, Mention.at(end, end), kind, verbs, lexicon)
        if lead_base is not Reading.MENTIONS or base is Reading.MENTIONS:
            base, cue = lead_base, lead_cue
    if not exceptions and lead is not None:
        own = _marker_of(clause.tokens)
        exceptions = [
            hit for hit in lead.cues if hit.cue is Cue.EXCEPTION and _referred_item(lead.tokens, hit.end) in (None, own)
        ]
    words = tuple(
        word
        for word in (
            cue,
            exceptions[0].text if exceptions else "",
            next((hit.text for hit in clause.cues if hit.cue is Cue.DEADLY_FORCE), ""),
        )
        if word
    )
    deciding = next((hit for hit in readable if hit.text == cue), None)
    governed = _governed(clause.tokens, deciding, lexicon, verbs) if deciding is not None else -1
    verb = clause.tokens[governed].lemma if governed >= 0 else ""
    if exceptions and base in (Reading.PROHIBITS, Reading.PERMITS, Reading.REQUIRES, Reading.MENTIONS):
        return Frame(Reading.RESTRICTS, base, words, deadly, limited=limited, verb=verb)
    return Frame(base, base, words, deadly, limited=limited, verb=verb)


def _main_cues(tokens: Sequence[Token], cues: list[CueHit], lexicon: Lexicon, verbs: CompiledCues) -> list[CueHit]:
    """Drop cues that belong to another cue's verb phrase.

    "shall consider" binds (the advice word is what the modal governs), and in "should ensure that they can be
    identified" the "can" is part of what is to be ensured, not a permission of its own.
    """
    governed_by_strong = {
        _governed(tokens, hit, lexicon, verbs)
        for hit in cues
        if hit.modal and hit.cue is Cue.REQUIRE and tokens[hit.start].lemma not in _WEAK_MODALS
    }
    out = []
    for hit in cues:
        if hit.cue in (Cue.ADVISE, Cue.PERMIT) and not hit.modal and hit.start in governed_by_strong:
            continue  # "shall consider", "shall allow the person time": the modal's verb, not a cue of its own
        before = [token.lemma for token in tokens[max(0, hit.start - 5) : hit.start]]
        if hit.modal and "ensure" in before:
            continue
        out.append(hit)
    return out


def _governed(tokens: Sequence[Token], hit: CueHit, lexicon: Lexicon, verbs: CompiledCues) -> int:
    """The index of the verb a cue governs, past 'to', 'be' and catenatives ('authorized to carry'); -1 if none."""
    index = _skip(tokens, hit.end, lexicon)
    for _ in range(3):
        if index >= len(tokens):
            return -1
        lemma = tokens[index].lemma
        if lemma in {"to", "be"} or (
            lemma in verbs.catenatives and index + 1 < len(tokens) and tokens[index + 1].lemma == "to"
        ):
            index = _skip(tokens, index + (2 if lemma in verbs.catenatives else 1), lexicon)
            continue
        return index
    return -1


def _run_in_label(tokens: Sequence[Token]) -> int:
    """The index after a run-in title ('Duty to Intervene:' in Title Case, at most six words), else 0."""
    start = after_marker(tokens)
    for index in range(start, min(len(tokens), start + 8)):
        if tokens[index].text == ":":
            words = [token.text for token in tokens[start:index] if token.is_word]
            titled = all(word[:1].isupper() or word.lower() in _MINOR_WORDS for word in words)
            return index + 1 if words and titled and index + 1 < len(tokens) else 0
    return 0


def _questions(tokens: Sequence[Token], low: int, high: int) -> list[tuple[int, int]]:
    """Token spans of indirect questions ('determine which …', 'whether …', 'how …'), up to the next comma."""
    spans = []
    for index in range(low, high):
        lemma = tokens[index].lemma
        asks = lemma in _QUESTION_WORDS or (
            lemma == "which" and index > low and tokens[index - 1].lemma in _CHOOSING_VERBS
        )
        if asks:
            end = next((at for at in range(index + 1, high) if tokens[at].text in {",", ";"}), high)
            spans.append((index, end))
    return spans


def _parentheses(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token spans inside '(' … ')': a cue there ('(OC spray may be used …)') speaks of what the brackets hold."""
    spans, opened = [], None
    for index, token in enumerate(tokens):
        if token.text == "(":
            opened = index
        elif token.text == ")" and opened is not None:
            spans.append((opened, index))
            opened = None
    return spans


def _in_condition(hit: CueHit, others: Sequence[CueHit]) -> bool:
    """A cue inside a deadly-force condition ('deadly force is authorized') is part of the condition."""
    return any(other.cue is Cue.DEADLY_FORCE and other.start <= hit.start and hit.end <= other.end for other in others)


def _scope(clause: Analysed, cues: Sequence[CueHit], mention: Mention, lexicon: Lexicon) -> tuple[int, int]:
    """The token range around the mention that cues may act on."""
    low, high = 0, len(clause.tokens)
    breaks = [
        (hit.start, hit.end)
        for hit in cues
        if hit.cue is Cue.SCOPE_END and not _parenthetical(clause.tokens, hit.start, hit.end, lexicon)
    ]
    breaks += [
        (index, index + 1)
        for index, token in enumerate(clause.tokens[:-1])
        if token.text in _SENTENCE_MARKS and index + 1 < len(clause.tokens)
    ]
    for start, end in sorted(breaks):
        if end <= mention.start:
            low = max(low, end)
        elif start >= mention.end:
            high = min(high, start)
            break
    return low, high


def _parenthetical(tokens: Sequence[Token], start: int, end: int, lexicon: Lexicon) -> bool:
    """', however,' between a subject and its verb ("A member may, however, use …") contrasts the sentence with
    the one before; it does not end a clause as "…, however, officers may …" does."""
    if not (start > 0 and end + 1 < len(tokens) and tokens[start - 1].text == "," and tokens[end].text == ","):
        return False
    following = tokens[end + 1].lemma
    if end + 2 < len(tokens) and tokens[end + 2].lemma in ("not", "never"):
        return False  # "A permissible warning, however, does not include …": the negation reads on its own
    return following in _ANY_MODAL or lexicon.is_verb(following)


def _modal(
    tokens: Sequence[Token],
    cues: Sequence[CueHit],
    mention: Mention,
    kind: Kind,
    verbs: CompiledCues,
    lexicon: Lexicon,
) -> tuple[Reading, str]:
    """The force of the cues in a scope: prohibitions decide; otherwise the cue nearest the mention."""
    anchor = (mention.start + mention.end) / 2
    valid = [hit for hit in cues if not hit.modal or _governs(tokens, hit, mention, kind, verbs, lexicon)]

    def distance(hit: CueHit) -> float:
        return min(abs(hit.start - anchor), abs(hit.end - 1 - anchor))

    negated = [hit for hit in valid if hit.cue is Cue.PERMIT_BY_NEGATION]
    if negated:
        return Reading.PERMITS, negated[0].text
    prohibit = sorted((hit for hit in valid if hit.cue is Cue.PROHIBIT), key=distance)
    against = sorted((hit for hit in valid if hit.cue is Cue.ADVISE_AGAINST), key=distance)
    if prohibit:
        restricted = any(hit.cue is Cue.EXCEPTION for hit in cues)
        if against and distance(against[0]) < distance(prohibit[0]) and not restricted:
            # "… are discouraged and may not be fired unless …": the restriction, not the advice, is the rule.
            return Reading.ADVISES, against[0].text
        return Reading.PROHIBITS, prohibit[0].text
    if against:
        return Reading.ADVISES, against[0].text
    ranked = {Cue.PERMIT: (0, Reading.PERMITS), Cue.REQUIRE: (1, Reading.REQUIRES), Cue.ADVISE: (2, Reading.ADVISES)}
    # Nearest first; at equal distance the cue before the mention (which governs it), then permission first.
    candidates = [
        (distance(hit), hit.start > mention.start, ranked[hit.cue][0], hit) for hit in valid if hit.cue in ranked
    ]
    if candidates:
        *_, hit = min(candidates, key=lambda entry: entry[:3])
        reading = ranked[hit.cue][1]
        if (
            kind is Kind.BAN
            and reading is Reading.REQUIRES
            and hit.modal
            and (_passive_use(tokens, hit, verbs, lexicon) or _active_use(tokens, hit, mention, verbs, lexicon))
        ):
            # "The carotid restraint shall be applied only by trained officers", "Only certified officers shall use
            # the hold": the practice is to be done.
            reading = Reading.PERMITS
        return reading, hit.text
    negative = _negative_imperative(tokens, lexicon)
    if negative:
        return Reading.PROHIBITS, negative
    if _imperative(tokens, verbs):
        return Reading.REQUIRES, next(token.text for token in tokens if token.lemma in verbs.imperatives)
    return Reading.MENTIONS, ""


def _negative_imperative(tokens: Sequence[Token], lexicon: Lexicon) -> str:
    """'Do not use our position for personal gain': a clause (or list item) opening with 'do not' + verb forbids."""
    start = after_marker(tokens)
    if start + 2 < len(tokens) and tokens[start].lemma == "do" and tokens[start + 1].lemma == "not":
        following = _skip(tokens, start + 2, lexicon)
        if following < len(tokens) and lexicon.is_verb(tokens[following].lemma):
            return f"{tokens[start].text} {tokens[start + 1].text}"
    return ""


def _passive_use(tokens: Sequence[Token], hit: CueHit, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """'… shall (only) be used / applied / fired': a practice someone is to carry out."""
    index = _skip(tokens, hit.end, lexicon)
    if index >= len(tokens) or tokens[index].lemma != "be":
        return False
    after = _skip(tokens, index + 1, lexicon)
    return after < len(tokens) and tokens[after].lemma in verbs.use_verbs


def _active_use(tokens: Sequence[Token], hit: CueHit, mention: Mention, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """'… shall use / apply the hold': the modal governs a use verb whose object is the practice."""
    index = _skip(tokens, hit.end, lexicon)
    return index < len(tokens) and tokens[index].lemma in verbs.use_verbs and 0 < mention.start - index <= _OBJECT_GAP


def _imperative(tokens: Sequence[Token], verbs: CompiledCues) -> bool:
    """'Identify yourself and give a warning': a clause (or a part after ',', ';', 'and') opening with a verb binds."""
    start = after_marker(tokens)
    for index in range(start, len(tokens)):
        token = tokens[index]
        opens = (
            index == start
            or tokens[index - 1].text in {",", ";", ":"}
            or tokens[index - 1].lemma in {"and", "first", "always"}
        )
        if opens and token.lemma in verbs.imperatives and token.text.lower() == token.lemma:
            following = tokens[index + 1].lemma if index + 1 < len(tokens) else ""
            if following != "of":
                return True
    return False


def _marker_of(tokens: Sequence[Token]) -> str:
    """A list item's marker, bare ('d' for '(d)', '2' for '2.'), or ''."""
    return "".join(token.text for token in tokens[: after_marker(tokens)]).strip("().").lower()


def _referred_item(tokens: Sequence[Token], after: int) -> str | None:
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


def after_marker(tokens: Sequence[Token]) -> int:
    """The index after a list marker ('(a)', '1.', 'b)', 'iv.') at the start of a clause (0 when there is none)."""
    joined = ""
    for index, token in enumerate(tokens[:3]):
        joined += token.text
        if _MARKER.fullmatch(joined):
            return index + 1
    return 0


def _skip(tokens: Sequence[Token], index: int, lexicon: Lexicon) -> int:
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


def _governs(
    tokens: Sequence[Token], hit: CueHit, mention: Mention, kind: Kind, verbs: CompiledCues, lexicon: Lexicon
) -> bool:
    """Does this modal govern an action on the practice (ban) or an action at all (other kinds)?"""
    weak = tokens[hit.start].lemma in _WEAK_MODALS
    index = _skip(tokens, hit.end, lexicon)
    if index >= len(tokens) or tokens[index].text in {":", ";", ".", "—", "–"}:
        return True  # "Officers shall not:" — the verb is in the list that follows
    if index in mention.words:
        return True
    object_position = mention.start >= hit.end
    lemma = tokens[index].lemma
    if lemma == "have" and index + 1 < len(tokens) and tokens[index + 1].lemma == "be":
        index += 1
        lemma = "be"
    if lemma == "be":
        after = _skip(tokens, index + 1, lexicon)
        if after >= len(tokens):
            return kind is not Kind.BAN
        if after in mention.words:
            return True
        word = tokens[after]
        if word.lemma in _READINESS and after + 1 < len(tokens) and tokens[after + 1].lemma == "to":
            return False  # "must be prepared to de-escalate" asks for readiness, not for de-escalation
        participle = word.lemma != word.text.lower() and lexicon.is_verb(word.lemma)
        if not object_position and not _is_subject(tokens, mention, hit):
            return False
        if not participle:
            # 'shall be subject to discipline' binds; 'may be dangerous' describes; a ban needs an act.
            return not weak and kind is not Kind.BAN
        if kind is Kind.BAN and not object_position:
            # The practice as subject: only "shall not be used / fired / applied" rules on it ("should not be
            # confused with", "could be considered deadly force" do not).
            return word.lemma in verbs.act_verbs
        return _acts_on_practice(word.lemma, kind, verbs, weak)
    if lemma in verbs.catenatives and index + 1 < len(tokens) and tokens[index + 1].lemma == "to":
        index = _skip(tokens, index + 2, lexicon)
        if index >= len(tokens):
            return kind is not Kind.BAN
        if index in mention.words:
            return True
        lemma = tokens[index].lemma
    if kind is Kind.BAN and not object_position:
        # "Warning shots may strike bystanders": the practice is the doer, not what the rule allows or forbids.
        return False
    if kind is Kind.BAN and any(token.lemma in _PERSON_RELATIVES for token in tokens[index + 1 : mention.start]):
        # "must not transport anyone who is restrained by wrist and ankle restraints": the rule is on transport,
        # the practice only describes the person.
        return False
    if lemma in _STATIVE and object_position and mention.start - index > _STATIVE_REACH and mention.start < len(tokens):
        # "must have a current certification" requires it; "must have confidence in their training" does not.
        return False
    return _acts_on_practice(lemma, kind, verbs, weak)


def _is_subject(tokens: Sequence[Token], mention: Mention, hit: CueHit) -> bool:
    """Is the mention the subject of the modal, not a word in an earlier clause ('… the shot will reduce the chance
    that deadly force will have to be used')? Only a short stretch without a new clause may separate them."""
    between = _without_insertions(tokens[mention.end : hit.start])
    if len(between) > _SUBJECT_REACH or any(
        token.lemma in _CLAUSE_OPENERS or token.lemma in _MODAL_WORDS or token.text in {"(", ")"} for token in between
    ):
        return False
    # "When applying the LVNR, only the force necessary will be used": a fronted clause ends at the comma.
    before = tokens[max(0, mention.start - 4) : mention.start]
    return not (any(token.lemma in _SUBORDINATORS for token in before) and any(t.text == "," for t in between))


def _without_insertions(tokens: Sequence[Token]) -> list[Token]:
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


def _acts_on_practice(lemma: str, kind: Kind, verbs: CompiledCues, weak: bool) -> bool:
    """Does a governed verb state a rule on the practice?

    After 'may' or 'can' a verb of effect ('may endanger', 'can lead to') describes; after 'shall' or 'must' it
    binds ('must include', 'shall result in discipline'). For a ban, verbs of oversight and consequence ('may
    review', 'shall be disciplined') neither allow nor forbid the practice itself.
    """
    if weak and lemma in verbs.no_rule_verbs:
        return False
    return not (kind is Kind.BAN and (lemma in verbs.oversight_verbs or lemma in verbs.no_rule_verbs))
