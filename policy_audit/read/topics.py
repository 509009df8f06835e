"""Topics: where a clause names a standard's items, their parts, contexts and other senses.

Each item's phrases are compiled once per standard (phrases.PhraseSet). An other sense that covers a mention
removes it ("shooting *from* a moving vehicle"); one elsewhere in the clause means the clause is about something
else ("intervene in civil disputes"). Most clauses of a manual name no topic at all: `may_mention` finds that from
the raw text's words, before any tokenizing.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from policy_audit.errors import StandardError
from policy_audit.models import Item, Kind, Standard, Topic
from policy_audit.read.clause import Mention
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.phrases import FirstWords, Match, PatternError, PhraseSet, View

if TYPE_CHECKING:
    from spacy.vocab import Vocab

_WORDS = re.compile(r"[a-z0-9]+|:")
"""Words, and the colon some phrases hold ('Releasable to public: No')."""
_EXCLUDING = (
    ("other", "than"),
    ("except",),
    ("exclude",),
    ("excluding",),
    ("but", "not"),
    ("apart", "from"),
    ("provided", "that", "no"),
    ("providing", "that", "no"),
    ("so", "long", "as", "no"),
)
"""Words that take what follows out of a rule: 'every use of force, other than pointing a firearm', 'escort and
control holds, excluding any neck restraint', 'head control is permitted, provided that no pressure is applied to
the neck'."""
_POINTERS = frozenset({"it", "this", "that", "these", "those", "they", "such"})
"""Words by which the part of a sentence after a ';' points back to the topic before it."""
_JOINING = frozenset({"and", "or", "but"})
_INCLUDED_PURPOSE = (["include", "for"], ["including", "for"], ["include", "to"], ["including", "to"])
"""A purpose the rule's own act is said to include ("shall not fire at moving vehicles, including to disable them"):
another sense there is the rule's, not the clause's."""
_CONNECTIVES = frozenset({"however", "but", "yet", "nevertheless", "nonetheless", "moreover", "also", "and"})
"""Words that may open the part after a ';' before it points back ("…; however, it does not limit …")."""
_NEW_PREDICATE = frozenset({"shall", "must", "will", "should", "may"})
"""After 'and', 'or', 'but': the words that open a predicate of its own, a part of the sentence like one after ';'."""
_SUBJECT_REACH = 3
"""Words a subject may take after ', and' before the modal of a clause of its own (", and officers shall …")."""
_EXCLUDING_REACH = 8
_WEAPONS = frozenset(
    {"weapon", "firearm", "gun", "handgun", "pistol", "rifle", "shotgun", "sidearm", "taser", "cew", "ecw", "baton"}
)
_EXAMPLE_WORDS = 5
_UNIVERSAL = frozenset({"every", "each", "all", "any"})
_RESTATING = _UNIVERSAL | {"where", "when", "whenever", "if"}
"""After 'including', words that restate the rule's whole scope rather than the item excluded just before."""
_CONDITIONS = frozenset(
    "to when where if in as for during while by with on upon at against under after before unless until".split()
)
"""… but not a condition: 'shall not use lethal force except to protect life' says when, it takes nothing out."""
_PRE_CHECKS_KEPT = 20_000
"""How many pre-check answers a matcher keeps (the 632-page Lisle manual sees some 7,400 distinct sets of words)."""


@dataclass
class Found:
    """What the topic phrases found of one item in one text."""

    mentions: list[Mention] = field(default_factory=list)
    weaker: list[Mention] = field(default_factory=list)
    parts: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    context: list[tuple[int, int]] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)


NOTHING = Found()
"""What an item's phrases find in a text that names none of them (read only, never changed)."""


def item_phrases(item: Item) -> list[str]:
    """Every phrase an item uses (they anchor the lexicon's OCR repair and suffix stripping)."""
    phrases = [*item.topic.phrases, *item.topic.context, *item.topic.other_senses, *item.met_also.exceptions]
    phrases += item.narrowed_by
    if item.weaker is not None:
        phrases += [*item.weaker.phrases, *item.weaker.context, *item.weaker.other_senses]
    for _, part in item.parts:
        phrases += part
    return phrases


class TopicMatcher:
    """One standard's topics, compiled for one vocabulary."""

    def __init__(self, standard: Standard, lexicon: Lexicon, vocab: Vocab) -> None:
        self.standard = standard
        self.lexicon = lexicon
        self.phrases = PhraseSet(vocab)
        self.triggers = FirstWords()
        """The topic, weaker-topic and part phrases alone: a clause without their words needs no reading."""
        self._lemmas_of: dict[str, tuple[str, ...]] = {}
        self._triggering: set[str] = set()
        """The words seen so far whose lemmas or forms some trigger phrase uses."""
        self._may_match: dict[frozenset[str], bool] = {}
        for index, item in enumerate(standard.items):
            try:
                self._add_item(index, item)
            except PatternError as error:
                raise StandardError(
                    standard.path, f"item '{item.id}': {error}", "see the phrase notation in the README"
                ) from None

    def _add_item(self, index: int, item: Item) -> None:
        # A refusal ("This manual is for official use only") names no topic phrase, only the document itself.
        document = item.topic.context if item.kind is Kind.PUBLICATION else ()
        weaker = item.weaker.phrases if item.weaker else ()
        for phrases in (item.topic.phrases, weaker, document, *(p for _, p in item.parts)):
            self.triggers.add_phrases(phrases, self.lexicon)
        self._add_topic(index, item.topic, "")
        if item.weaker is not None:
            self._add_topic(index, item.weaker, "weaker-")
        for name, phrases in item.parts:
            self.phrases.add((index, "part", name), phrases, self.lexicon)
        self.phrases.add((index, "narrow", ""), item.met_also.exceptions, self.lexicon)
        self.phrases.add((index, "narrowing", ""), item.narrowed_by, self.lexicon)

    def _add_topic(self, index: int, topic: Topic, prefix: str) -> None:
        self.phrases.add((index, f"{prefix}topic", ""), topic.phrases, self.lexicon)
        self.phrases.add((index, f"{prefix}context", ""), topic.context, self.lexicon)
        self.phrases.add((index, f"{prefix}other", ""), topic.other_senses, self.lexicon)

    def may_mention(self, text: str) -> bool:
        """Could this text name a topic? A pre-check on its words' lemmas, cached per word."""
        seen, triggering = self._lemmas_of, self._triggering
        distinct = set(_WORDS.findall(text.lower()))
        if not seen.keys() >= distinct:  # some word not seen before (no set is made for the usual answer)
            lexicon, used = self.lexicon, self.triggers.words
            for word in distinct.difference(seen):
                candidates = (lexicon.lemma(word), f"={word}", lexicon.lemma(lexicon.repair(word)))
                forms = seen[word] = tuple(form for form in candidates if form in used)  # most words: ()
                if forms:
                    triggering.add(word)
        if triggering.isdisjoint(distinct):
            return False
        present = frozenset(triggering.intersection(distinct))
        answer = self._may_match.get(present)
        if answer is None:
            if len(self._may_match) >= _PRE_CHECKS_KEPT:
                self._may_match.clear()  # a long batch in one process would otherwise keep every set it saw
            answer = self._may_match[present] = self.triggers.any(
                frozenset(form for word in present for form in seen[word])
            )
        return answer

    def found(self, shown: View) -> dict[int, Found]:
        """By item index, what this standard's phrases name in a text."""
        out: dict[int, Found] = defaultdict(Found)
        senses: list[tuple[int, str, frozenset[int]]] = []
        narrow: dict[int, list[int]] = defaultdict(list)
        semicolons = _sentence_parts(shown)
        matches = self.phrases.find(shown)
        for match in matches:
            index, role, name = cast(tuple[int, str, str], match.key)
            if role == "topic" and _across_predicate(match, matches, semicolons):
                continue
            entry = out[index]
            if role.endswith("other"):
                senses.append((index, role, frozenset(range(match.start, match.end))))
                continue
            entry.roles.add(role)
            if role == "narrow":
                narrow[index].append(match.start)
            if role == "topic":
                if not (
                    _excluded(shown, match.start)
                    or _negated_proviso(shown, match)
                    or _cited(shown, match)
                    or _asked_first(shown, match)
                ):
                    entry.mentions.append(Mention(match.start, match.end, match.words))
            elif role == "weaker-topic":
                entry.weaker.append(Mention(match.start, match.end, match.words))
            elif role == "part":
                if not _part_left_out(shown, match):
                    entry.parts[name].append((match.start, match.end))
            elif role == "context":
                entry.context.append((match.start, match.end))
        # A sense that covers a mention removes it ("Training Division"); one that covers none is what the clause
        # is about ("intervene in a civil dispute"). Two senses may cover the same mention: judge each on the
        # mentions as found.
        found_first = {index: (list(entry.mentions), list(entry.weaker)) for index, entry in out.items()}
        for index, role, span in senses:
            if _included_purpose(shown, span):
                continue
            entry = out[index]
            weaker = role.startswith("weaker")
            mentions = found_first[index][weaker]
            if not any(mention.words <= span for mention in mentions):
                reached = [mention for mention in mentions if _sense_reaches(shown, semicolons, span, mention)]
                if len(reached) == len(mentions) or (weaker and reached):
                    entry.roles.add(role)
                elif reached:  # "… to disable it, and shall not shoot at the driver …": the sense speaks for its part
                    entry.mentions = [mention for mention in entry.mentions if mention not in reached]
            elif weaker:
                entry.weaker = [mention for mention in entry.weaker if not mention.words <= span]
            else:
                covered = {_lemmas(shown, mention) for mention in entry.mentions if mention.words <= span}
                entry.mentions = [
                    mention
                    for mention in entry.mentions
                    if not mention.words <= span
                    and not (mention.start >= max(span) and _points_back_to(shown, mention, covered))
                ]
                entry.roles.add("covered-other")  # a heading "Training of Dog Teams" is about the other sense
        for index, role, span in senses:  # "hours needed to qualify for the shift allowance" names no pass condition
            if not role.startswith("weaker"):
                parts = out[index].parts
                for name in list(parts):
                    parts[name] = [(start, end) for start, end in parts[name] if not set(range(start, end)) <= span]
                    if not parts[name]:
                        del parts[name]
        for index, starts in narrow.items():
            heads = {shown.words[mention.end - 1].lemma for mention in out[index].mentions}
            if not _every_alternative_narrow(shown, starts, heads):
                out[index].roles.discard("narrow")
        for entry in out.values():
            entry.mentions = _outermost(entry.mentions)
            entry.weaker = _outermost(entry.weaker)
            if len(entry.parts) > 1:
                entry.parts = _specific_parts(shown, entry.parts)
        return dict(out)


def _lemmas(shown: View, mention: Mention) -> tuple[str, ...]:
    return tuple(shown.words[bisect.bisect_left(shown.kept, at)].lemma for at in sorted(mention.words))


def _points_back_to(shown: View, mention: Mention, covered: set[tuple[str, ...]]) -> bool:
    """ "… is a continuum of care, and members shall refer persons … along that continuum": the same words after
    'that' or 'this' are the sense named before."""
    at = bisect.bisect_left(shown.kept, mention.start)
    return at > 0 and shown.words[at - 1].lemma in ("that", "this", "the", "such") and _lemmas(shown, mention) in covered


def _sentence_parts(shown: View) -> list[int]:
    """Where a sentence's parts begin: after a ';', or a predicate of its own ("… and shall instead move out of the
    path …"), or a clause of its own after a comma (", and officers shall not fire at the driver …")."""
    words = shown.words

    def new_clause(at: int) -> bool:
        following = [token.lemma for token in words[at + 1 : at + 1 + _SUBJECT_REACH]]
        if following[:1] and following[0] in _NEW_PREDICATE:
            return True
        return at > 0 and words[at - 1].text == "," and any(lemma in _NEW_PREDICATE for lemma in following[1:])

    return [
        shown.kept[at]
        for at, token in enumerate(words)
        if token.text == ";" or (token.lemma in _JOINING and new_clause(at))
    ]


def _across_predicate(match: Match, matches: Sequence[Match], parts: list[int]) -> bool:
    """Does a topic phrase gap across another predicate ("… rather than fire at it, and shall not fire at …") where a
    match of its own inside one part ends where it does?"""

    def within(found: Match) -> bool:
        return bisect.bisect(parts, found.start) == bisect.bisect(parts, max(found.words))

    return not within(match) and any(
        other is not match and other.key == match.key and other.end == match.end and within(other) for other in matches
    )


def _part_left_out(shown: View, match: Match) -> bool:
    """Is a part named only to be left out: excluded, after 'without' ("unholstering a firearm without pointing it";
    not a noun: "without their consent" names the part), or denied by its own predicate?"""
    return (
        _excluded(shown, match.start)
        or _without_act(shown, match.start)
        or _denied_after(shown, match.end)
        or _denied_before(shown, match.start)
    )


def _included_purpose(shown: View, span: frozenset[int]) -> bool:
    """Is another sense a purpose the rule's own act includes ("… at moving vehicles, including for the purpose of
    disabling the vehicle"), within one stretch of the sentence?"""
    start = bisect.bisect_left(shown.kept, min(span))
    end = bisect.bisect_left(shown.kept, max(span))
    within = not any(token.text == "," for token in shown.words[start:end])
    return within and _stretch_before(shown, start)[:2] in _INCLUDED_PURPOSE


_EXCEPTION_WORDS = frozenset({"except", "unless"})
_WHEN = frozenset({"when", "where", "if", "unless", "while", "whenever"})
"""After 'or', the words that open another alternative of an exception ("…, or when an occupant is firing")."""
_OPENS_CLAUSE = frozenset({"(", "a", "an", "the", "any"})
"""After ', or', words that open another alternative with its own subject ("…, or (2) the vehicle is being driven at
an officer", "…, or an occupant is firing")."""
_ALTERNATIVE_VERB_REACH = 8
"""How far after ', or' the verb of an alternative with its own subject may stand."""
_VERB_OPENERS = frozenset({"be", "have", "do", "will", "would", "may", "might", "can", "could", "shall", "should", "must"})


def _every_alternative_narrow(shown: View, starts: list[int], heads: set[str]) -> bool:
    """ "… prohibited, except when the vehicle is being used to run a member down, or when an occupant is firing": an
    exception is narrow only when none of its alternatives ("or when …", "or if …") makes the practice's own object
    (the mention's last word, "vehicle") the condition, outside the narrow case."""
    lemmas = [token.lemma for token in shown.words]
    opening = next((at for at, lemma in enumerate(lemmas) if lemma in _EXCEPTION_WORDS), None)
    if opening is None:
        return True
    cuts = [
        at
        for at in range(opening + 1, len(lemmas) - 1)
        if lemmas[at] == "or"
        and (lemmas[at + 1] in _WHEN or (lemmas[at - 1] == "," and _opens_alternative(lemmas, at + 1)))
    ]
    bounds = [opening, *cuts, len(lemmas)]
    return all(
        any(low <= start < high for start in starts) or heads.isdisjoint(lemmas[low:high])
        for low, high in itertools.pairwise(bounds)
    )


def _opens_alternative(lemmas: Sequence[str], at: int) -> bool:
    """After ', or': an alternative with its own subject, opened by an article ("…, or an occupant is firing") or with
    its own verb before the next comma ("…, or deadly force other than the vehicle is being directed at …")."""
    if lemmas[at] in _OPENS_CLAUSE:
        return True
    if lemmas[at] in _VERB_OPENERS:
        return False  # "… is using, or is threatening to use, …": the same subject's other verb, not an alternative
    stretch = itertools.takewhile(lambda lemma: lemma != ",", lemmas[at : at + _ALTERNATIVE_VERB_REACH])
    return "be" in stretch


def _sense_reaches(shown: View, semicolons: list[int], span: frozenset[int], mention: Mention) -> bool:
    """A sense speaks for its own part of a sentence, and for a topic before a ';' when its part points back to it
    ("…the Situational Force Model; the model is illustrative"). It does not reach a topic named anew after it ("The
    full text is not posted; the public may obtain it …") nor one before it that its part does not point back to
    ("must not shoot at a moving vehicle; officers must move out of the path …")."""
    part = bisect.bisect(semicolons, min(span))
    mention_part = bisect.bisect(semicolons, mention.start)
    if mention_part == part:
        return True
    if mention_part > part:
        return False
    opening = bisect.bisect_left(shown.kept, semicolons[part - 1]) + 1
    while opening < len(shown.words) and (
        shown.words[opening].lemma in _CONNECTIVES or shown.words[opening].text == ","
    ):
        opening += 1  # "…; however, it does not limit the options …"
    words = [token.lemma for token in shown.words[opening : opening + 2]]
    named = {shown.words[at].lemma for at in range(len(shown.words)) if shown.kept[at] in mention.words}
    return bool(words) and (words[0] in _POINTERS or (words[0] == "the" and len(words) > 1 and words[1] in named))


def _specific_parts(shown: View, parts: dict[str, list[tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """A part named inside a longer name of another part is that part only: "vascular neck restraint" is the
    vascular kind, though "neck restraint" alone names both kinds. Words joined by "or" are two names ("the flow of
    blood or air")."""
    spans = [(name, span) for name, named in parts.items() for span in named]
    kept: dict[str, list[tuple[int, int]]] = defaultdict(list)

    def joined(first: int, last: int) -> bool:
        return any(token.lemma in ("or", "and") for token in shown.words[first:last])

    for name, (start, end) in spans:
        if not any(
            other != name and first <= start and end <= last and last - first > end - start and not joined(first, last)
            for other, (first, last) in spans
        ):
            kept[name].append((start, end))
    return kept


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions nested in a longer one ("carotid" inside "carotid restraint")."""
    kept: list[Mention] = []
    for mention in sorted(set(mentions), key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start >= kept[-1].start and mention.end <= kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _excluded(shown: View, start: int) -> bool:
    """Does a word of exclusion stand just before this part, in the same stretch between commas ('every use of
    force, other than the display or pointing of a firearm'), or a contrast right after a comma ('…, not to stop
    it')?"""
    at = bisect.bisect_left(shown.kept, start)
    tokens = _tokens_before(shown, at)
    lemmas = [token.lemma for token in tokens]
    if lemmas == ["not", "to"] and at > 2 and shown.words[at - 3].text == ",":
        return True  # "requires officers only to report it, not to stop it": the contrast takes it out
    if {"include", "including"} & set(lemmas[:1]) and not _RESTATING & set(lemmas[1:2]) and at - len(lemmas) >= 1:
        # "except the display of a weapon, including un-holstering or pointing a firearm": the example extends the
        # excluded item before it ("…, including every time an officer points a firearm" or "…, including where a
        # firearm is aimed at a person" restates the whole)
        excluded = _tokens_before(shown, at - len(lemmas) - 1, _EXCLUDING_REACH + 3)
        # "… other than cooperative handcuffing and escort, including pointing a firearm": an example with a weapon
        # is no kind of an excluded act that has none, so it restates the whole
        example = {token.lemma for token in shown.words[at : at + _EXAMPLE_WORDS]}
        if not (_WEAPONS & example) or _WEAPONS & {token.lemma for token in excluded}:
            tokens = excluded + tokens
    # a word matches by its lemma or as written ("provided that no …" excludes; "the Act provides that no …" rules)
    forms = [{token.lemma, token.text.lower()} for token in tokens]
    for index in range(len(forms)):
        for phrase in _EXCLUDING:
            after = index + len(phrase)
            written = forms[index:after]
            if (
                len(written) == len(phrase)
                and all(word in form for word, form in zip(phrase, written, strict=True))
                and (after == len(forms) or tokens[after].lemma not in _CONDITIONS)
            ):
                return True
    return False


_CITING = (("refer", "to"), ("mention",))
"""What a mention followed by a citation says: it names another provision's term ("the 'verbal warning' referred to
in paragraph 8.2 is unaffected by this sub-paragraph"), not this provision's rule."""


def _cited(shown: View, match: Match) -> bool:
    at = bisect.bisect_left(shown.kept, match.end)
    lemmas = [token.lemma for token in shown.words[at : at + 4] if token.is_word]
    for citing in _CITING:
        after = lemmas[len(citing) : len(citing) + 1]
        if tuple(lemmas[: len(citing)]) == citing and after and after[0] in ("in", "at", "under", "above", "below"):
            return True
    return False


def _asked_first(shown: View, match: Match) -> bool:
    """ "Whether a verbal warning was given is one of the factors a review board may consider", "Members are reminded
    that whether to give a verbal warning is a matter for their discretion": a sentence, or its 'that' clause, that
    opens with an indirect question asks about the practice; it does not set it out."""
    at = bisect.bisect_left(shown.kept, match.start)
    tokens = _tokens_before(shown, at)
    lemmas = [token.lemma for token in tokens]
    if "whether" not in lemmas:
        return False
    asking = lemmas.index("whether")
    opening = at - len(tokens) + asking
    before = [token for token in shown.words[:opening] if token.is_word]
    return lemmas[asking + 1 : asking + 3] != ["or", "not"] and (not before or before[-1].lemma == "that")


def _without_act(shown: View, start: int) -> bool:
    at = bisect.bisect_left(shown.kept, start)
    return "without" in _stretch_before(shown, at, 2) and shown.words[at].text.lower().endswith("ing")


_DENIED_REACH = 4
"""How far after a part its own predicate may start ("pointing a firearm at a person is not reportable")."""
_NOT_REPORTED = frozenset({"report", "reportable", "reporting"})
"""What a part's own denied predicate says it is not ("… is not a reportable use of force"); not "is not a use of
force but shall be reported", which reports it."""


def _denied_after(shown: View, end: int) -> bool:
    """Does the part's own predicate deny that it is reported ("Unholstering or pointing a firearm is not a
    reportable use of force, but …", "… need not be reported")? Another predicate of the sentence may still rule on
    the rest."""
    at = bisect.bisect_left(shown.kept, end)
    words = shown.words
    for verb in range(at, min(at + _DENIED_REACH + 1, len(words))):
        # "Report required: … pointing a firearm at a person - no; …", "| Pointing a firearm | No |": answered no
        if _bare_no(words, verb) or (words[verb].text in _ANSWER_MARKS and _bare_no(words, verb + 1)):
            return True
        if not words[verb].is_word or verb + 1 >= len(words):
            break
        if words[verb].lemma in ("be", "do", "need") and words[verb + 1].lemma in ("not", "never"):
            return any(token.lemma in _NOT_REPORTED for token in words[verb + 2 : verb + 10])
    # "Unholstering, displaying or pointing a firearm at a person without discharge is a tactical decision and is not
    # a reportable use of force": further on in its own clause, a denial said right beside 'reportable'
    for verb in range(at, min(at + _OWN_CLAUSE_REACH, len(words) - 1)):
        if words[verb].text in (";", ".") or (words[verb].text == "," and words[verb + 1].lemma in ("but", "and")):
            return False
        # not only at the first 'not': "… where the firearm is not discharged, is not a reportable use of force"
        if (
            words[verb].lemma in ("be", "do", "need")
            and words[verb + 1].lemma in ("not", "never")
            and any(token.lemma in _NOT_REPORTED for token in words[verb + 2 : verb + 4])
        ):
            return True
    return False


_OWN_CLAUSE_REACH = 24
"""How far into its own clause a part's denied predicate is looked for."""


_ANSWER_MARKS = frozenset({":", "|", "="})


def _bare_no(words: Sequence[Token], at: int) -> bool:
    """A bare 'no' closing its stretch (the dash before it is dropped from the view)."""
    return at < len(words) and words[at].lemma == "no" and (at + 1 == len(words) or not words[at + 1].is_word)

_PROVISOS = frozenset({"provided", "provide", "providing", "long"})


def _negated_proviso(shown: View, match: Match) -> bool:
    """ "Leg restraints may be used …, provided the leg restraint is not attached to the handcuffs": a proviso that the
    practice is absent names it only to exclude it. (Not "… shall not be attached …", the ban itself.)"""
    at = bisect.bisect_left(shown.kept, match.start)
    end = bisect.bisect_left(shown.kept, match.end)
    before = _stretch_before(shown, at)
    negated = any(token.lemma in ("not", "never") for token in shown.words[at:end])
    return negated and bool(before) and before[0] in _PROVISOS


def _denied_before(shown: View, start: int) -> bool:
    """ "… is not a reportable use of force, nor is pointing a firearm at a person …": 'nor' carries the denial on."""
    at = bisect.bisect_left(shown.kept, start)
    return _stretch_before(shown, at)[:2] in (["nor", "be"], ["nor", "do"]) and any(
        token.lemma in _NOT_REPORTED for token in shown.words[:at]
    )


def _stretch_before(shown: View, at: int, reach: int = _EXCLUDING_REACH) -> list[str]:
    """The lemmas of the words just before word `at`, back to a comma or other mark (at most `reach` of them)."""
    return [token.lemma for token in _tokens_before(shown, at, reach)]


def _tokens_before(shown: View, at: int, reach: int = _EXCLUDING_REACH) -> list[Token]:
    tokens: list[Token] = []
    for token in reversed(shown.words[max(0, at - reach) : at]):
        if not token.is_word:
            break
        tokens.insert(0, token)
    return tokens
