"""How a clause points back to a topic it does not name: an anaphor ("this technique", "such restraints", "They
shall not be used"), or a rule with no subject of its own under a heading ("Prohibited."), and when a word that looks
like one is not ("This policy …", "… unless this is the only means", "the practice of connecting …").
"""

from __future__ import annotations

from collections.abc import Sequence

from policy_audit.read.clause import Analysed, CueHit
from policy_audit.read.cues import READING_CUES, CompiledCues, Cue
from policy_audit.read.lexicon import Lexicon, Token
from policy_audit.read.modality import CONDITION_WORDS, POINTING_BACK, governed
from policy_audit.read.syntax import after_fronted, after_marker

_PRONOUNS = frozenset({"this", "such", "they", "them", "one", "each"})
_USE_VERBS = frozenset({"use", "apply", "employ", "fire", "utilize", "utilise", "deploy", "perform", "teach", "train", "avoid"})
"""Verbs whose object 'them' or 'one' points back ("Officers will not use them.", "… shall fire one")."""
_SUBJECT_VERBS = frozenset({"be", "shall", "must", "will", "may", "can", "should"})
"""A bare pronoun points back only as the subject of 'is' or of a modal."""
_CAUSAL = frozenset({"as", "because", "since"})
"""Words that open a reason after a rule ("…, as this could reduce the person's ability to breathe")."""
_CONDITION_WORDS = CONDITION_WORDS | {"except", "provide", "provided", "until"}
"""Words that open a condition or an exception: what follows them is not the rule's own topic."""
_COMPOUND_HEADS = frozenset(
    "officer member deputy team unit instructor trainer chair bed board belt strap bag device equipment kit course"
    " class training certification".split()
)
"""Nouns an anaphor's head may modify ("the restraint officer", "the hold team"): then it names them, not the topic."""
_FRONTING = frozenset({"when", "whenever", "where", "if", "once", "while", "after", "before", "until", "unless"})
"""Words that open a clause put before the main one, with a subject of its own ("When leg restraints are required,")."""
_SINGULAR_VERBS = frozenset({"is", "was", "has", "does"})
_NAMING = frozenset({"call", "called", "know", "known", "term", "termed", "describe", "described"})
"""Words by which a noun phrase names what it means ("the practice sometimes called …") rather than pointing back."""


def acts_of_its_own(analysed: Analysed, cue: CueHit, verbs: CompiledCues, lexicon: Lexicon) -> bool:
    """ "Nothing in this procedure requires an officer to retreat …", "they are not required to intervene in civil
    matters": a refusal of an act it names, whose object does not point back ("… need not follow it", "to do so"),
    rules on that act, not on what the clause before named."""
    if cue.cue is not Cue.REFUSE_DUTY:
        return False
    tokens = analysed.tokens
    verb = governed(tokens, cue, lexicon, verbs)
    if verb < 0 or not lexicon.is_verb(tokens[verb].lemma):  # "requires an officer to retreat": the verb after 'to'
        verb = next((at + 1 for at in range(cue.end, min(cue.end + 5, len(tokens) - 1)) if tokens[at].lemma == "to"), -1)
    if verb < 0 or tokens[verb].lemma in ("be", "do", "have") or not lexicon.is_verb(tokens[verb].lemma):
        return False
    following = tokens[verb + 1].lemma if verb + 1 < len(tokens) else ""
    return following not in POINTING_BACK and following not in ("so", "this", "that")


def _after_fronted_clause(analysed: Analysed, at: int) -> bool:
    """Does the word at `at` open the main clause after a fronted one ("When leg restraints are required, they …"),
    whose words hold its antecedent?"""
    start = after_marker(analysed.tokens)
    if at <= start or after_fronted(analysed.tokens, at + 1, _FRONTING) != at:
        return False
    # a plural there for 'they' to take ("leg restraints are", "officers arrive"), not "When deadly force is justified,
    # they may be used", whose 'they' points further back
    return any(_plural(token) for token in analysed.tokens[start:at])


def _plural(token: Token) -> bool:
    text = token.text.lower()
    return text in ("are", "were") or (text.endswith("s") and token.lemma != text and text not in _SINGULAR_VERBS)


def anaphor_span(analysed: Analysed) -> tuple[int, int] | None:
    """Where the clause's anaphor stands (its token span), if it has one that points back to a topic."""
    for hit in analysed.cues:
        if hit.cue is not Cue.ANAPHOR:
            continue
        if hit.end - hit.start == 1 and analysed.tokens[hit.start].lemma in _PRONOUNS:
            following = analysed.tokens[hit.end] if hit.end < len(analysed.tokens) else None
            before = analysed.tokens[hit.start - 1] if hit.start else None
            # 'This policy …' is a determiner, and 'This does not prohibit X' speaks of the rule, not the
            # practice: a bare pronoun points back only as the subject of 'is' or of a modal, or, as 'them',
            # as the object of the verb just before it ("Officers will not use them.", "… shall fire one").
            as_object = (
                analysed.tokens[hit.start].lemma in ("them", "one")
                and before is not None
                and before.lemma in _USE_VERBS
            )
            if not as_object and (following is None or following.lemma not in _SUBJECT_VERBS):
                continue
            if analysed.tokens[hit.start].lemma in ("they", "them") and _after_fronted_clause(analysed, hit.start):
                continue  # "When leg restraints are required, they shall be applied …": its antecedent is just before
            if before is not None and (before.lemma in _CONDITION_WORDS or before.lemma in _CAUSAL):
                # "must not discharge a firearm at a vehicle unless this is the only means", "shall not be placed on
                # the stomach, as this could reduce breathing", "Where this is done the prisoner shall not be left face
                # down": a condition's subject, not what the rule is on
                continue
        if (
            analysed.tokens[hit.end - 1].lemma == "procedure"
            and hit.start
            and analysed.tokens[hit.start - 1].lemma in ("in", "under", "of", "by", "within", "throughout")
        ):
            continue  # "Nothing in this procedure is intended to …", "… in the Model or in this procedure": the document
        head = analysed.tokens[hit.end - 1].lemma
        if hit.end - hit.start > 1 and any(token.lemma == head for token in analysed.tokens[: hit.start]):
            continue  # "A person in limb restraints … not involved in the restraint": its antecedent is its own
        if hit.end - hit.start > 1 and hit.end < len(analysed.tokens) and analysed.tokens[hit.end].lemma in _COMPOUND_HEADS:
            continue  # "applied by the restraint officer", "the restraint chair": the noun modifies another
        if _in_exception_after_rule(analysed, hit.start):
            continue  # "No officer shall kneel on a person … except for the time needed to apply the restraint"
        if any(token.lemma in _NAMING for token in analysed.tokens[hit.end : hit.end + 3]) or (
            hit.end + 1 < len(analysed.tokens)
            and analysed.tokens[hit.end].lemma == "of"
            and analysed.tokens[hit.end + 1].text.lower().endswith("ing")
        ):
            continue  # "(the practice sometimes called "hog-tying")", "the practice of connecting …" name their own
        return hit.start, hit.end
    return None


def _in_exception_after_rule(analysed: Analysed, at: int) -> bool:
    """Is the word at `at` in a condition or exception that follows the clause's rule ('… except …', '… unless …')?
    In a list item whose rule is its lead-in's ("(b) Restraining a person prone …, except for the time needed to apply
    the restraints"), the item's own words are the practice the rule is on."""
    rules = [hit.end for hit in analysed.cues if hit.cue in READING_CUES and hit.end <= at]
    start = min(rules) if rules else after_marker(analysed.tokens) + 1
    return any(token.lemma in _CONDITION_WORDS for token in analysed.tokens[start:at])


def subjectless(analysed: Analysed) -> bool:
    """'Prohibited.' or 'Shall not be used except …' under a heading: the heading is the subject. Not a rule that
    names its own act ("Nothing in this section requires an officer to retreat", "… prohibits a member from …")."""
    tokens = analysed.tokens
    words = [index for index, token in enumerate(tokens) if token.is_word and not token.text.isdigit()]
    first = words[0] if words else None
    if first is None or len(tokens[first].text) == 1:
        first = words[1] if len(words) > 1 else None
    opening = [hit for hit in analysed.cues if hit.start == first and hit.cue in READING_CUES]
    return any(not _names_its_act(tokens, hit.end) for hit in opening)


def _names_its_act(tokens: Sequence[Token], after: int) -> bool:
    """Does a rule's own act follow its cue, after at most a short object ("… requires an officer to retreat")?"""
    for at in range(after, min(after + 4, len(tokens) - 1)):
        if tokens[at].lemma in ("to", "from") and tokens[at + 1].is_word and tokens[at + 1].lemma != "be":
            return True
        if not tokens[at].is_word:
            return False
    return False
