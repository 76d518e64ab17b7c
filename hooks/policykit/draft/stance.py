"""Suggest a rule's stance from its wording (DESIGN.md's table), for a person to confirm.

The readings, strongest first:
- `restricted`: allowed only under a stated condition: "only with (prior)
  permission", "without (the) prior (written) approval", "provided that",
  "unless ... permission", "except with".
- the first modal or cue of the sentence decides otherwise: "must not", "shall
  not", "may not", "will not", "never", "do not", "is prohibited", "not
  permitted" → `prohibited`; "should not", "discouraged", "avoid", "refrain" →
  `discouraged`; "must", "shall", "will", "is required", "is expected", "need
  to" → `required`; "may", "can", "is allowed", "reserves the right",
  "authorise" → `permitted`; "should", "advised", "recommended", "encouraged",
  "please" → `encouraged`.
- an imperative is `required` under a lead-in or heading that requires
  ("Staff must:"), `prohibited` when negated ("Do not ...") or under one that
  prohibits, and `encouraged` in guidance.
- a list item without a verb takes its lead-in's or heading's stance
  ("Prohibited content:" → each item `prohibited`); under a neutral one ("Examples",
  "The training will cover:") it is no rule (see `lead_in_force`).
- "should never" under a prohibiting heading ("Unacceptable methods") reads as
  `prohibited`: the heading decides, and the person reviewing says so in a note. A
  positive "should" there ("All contact should be through the school's system")
  has its own modal and keeps its own stance.
"""

from __future__ import annotations

import re

from policykit.draft.normative import _CLAUSE, is_imperative, is_verbless, plain
from policykit.draft.sentences import split_sentences

_RESTRICTED = re.compile(
    r"\b(?:only (?:with|after|if|when|in the case of|once|through)|provided that|so long as|as long as"
    r"|without (?:[\w'’]+\s+){0,5}?(?:permission|approval|consent|authori[sz]ation|agreement)"
    r"|unless (?:\w+\s+){0,8}(?:permission|approv\w*|authori[sz]\w*|consent)|except (?:with|as approved|in (?:an )?emergenc\w*))\b",
    re.IGNORECASE,
)
_ORDERED = [
    ("prohibited", r"(?:must|shall|may|will|can|are|is)\s+not(?!\s+only)(?!\s+(?:encouraged|advisable|recommended))|(?:is|are)\s+unacceptable|mustn't|shan't|won't|can't|cannot|can not|never|do not|don't|does not|no one may"
                   r"|(?:is|are|be)\s+(?:strictly\s+)?(?:prohibited|forbidden|not permitted|not allowed)|prohibit\w*|forbid\w*|not permitted|not allowed"
                   r"|is a violation|will not be tolerated|(?:are|is) not to"),
    ("discouraged", r"should\s+(?:not|never)|shouldn't|ought not|(?:is|are|be)\s+(?:strongly\s+)?discouraged|discourag\w*|not (?:encouraged|advisable|recommended)|avoid\w*|refrain\w*"),
    ("required", r"must|shall|will|need(?:s)? to|ha(?:s|ve) to|(?:is|are|be)\s+(?:also\s+)?(?:required|expected|obliged|responsible)|requires?|expects?"),
    ("permitted", r"may|(?:is|are|be)\s+(?:allowed|permitted|acceptable)|reserves? the right|authori[sz]\w*|permits?|free to"),
    ("encouraged", r"should|ought to|advis\w*|recommend\w*|encourag\w*|urged?|please|it is a good idea|always"),
]
_CUE = re.compile("|".join(rf"(?P<{name}>\b(?:{pattern})\b)" for name, pattern in _ORDERED), re.IGNORECASE)
_PROHIBITING_HEADING = re.compile(
    r"\b(?:unacceptable|prohibited|forbidden|not permitted|not allowed|must not|shall not|do not|don't|never|banned|inappropriate|improper"
    r"|misconduct|not to)\b",
    re.IGNORECASE,
)


_NEGATED = re.compile(r"^(?:please\s+)?(?:do not|don't|never)\b", re.IGNORECASE)
_STRENGTH = ("prohibited", "required", "discouraged", "encouraged", "permitted")


def cue_stance(text: str) -> str | None:
    """The stance of `text`: restricted when a condition is stated, else the strongest cue of the main clause
    of its first sentence that has one (a cue inside a relative clause, `ways that do not ...`, does not decide).

    A leading "If ..., " or "When ..., " clause is read past: "If you post something you should
    not have, delete it" gives an order, not advice against.
    """
    t = plain(text)
    if _RESTRICTED.search(t):
        return "restricted"
    for sentence in split_sentences(t):
        main = _CLAUSE.sub("", sentence)
        if is_imperative(main):
            return "prohibited" if _NEGATED.match(main) else None
        found = _main_clause_cues(main)
        if found:
            return next(s for s in _STRENGTH if s in found)
    return None


# `ways that do not`, `notes which staff must not`: a cue that is the verb of a relative clause.
_RELATIVE_HEAD = re.compile(r"\b(?:that|which|who|whom|whose)\s+(?:[\w'’]+\s+){0,2}$", re.IGNORECASE)


def _main_clause_cues(sentence: str) -> set[str]:
    """The stances cued in `sentence`, leaving out cues that open a relative clause (`ways that do not ...`).

    "Staff must dress in ways that do not offend" is a duty: the clause's "do not" says
    which ways, not what is forbidden. When only such a clause has a cue, it is kept.
    """
    matches = list(_CUE.finditer(sentence))
    main = [m for m in matches if not _RELATIVE_HEAD.search(sentence[: m.start()])]
    return {m.lastgroup for m in (main or matches) if m.lastgroup}


def context_stance(lead_in: str) -> str | None:
    """The stance a heading or lead-in gives the items under it ("Staff must not:" → prohibited)."""
    if not lead_in:
        return None
    if _PROHIBITING_HEADING.search(plain(lead_in)):
        return "prohibited"
    return cue_stance(lead_in)


# A modal of the sentence's own: "should be through ..." is advice whatever the heading says.
_OWN_MODAL = re.compile(r"\b(?:should|ought to|must|shall|may|will|can|need(?:s)? to|ha(?:s|ve) to)\b", re.IGNORECASE)


# `The session will cover:`, `The orientation will give emphasis to:`: a future that describes, not a duty.
_DESCRIBING_WILL = re.compile(r"^will\s+(?!not\b|never\b|be\b|also\b)[a-z]", re.IGNORECASE)


# `Improper use of ...`, `Inappropriateness of posting ...`: an item that opens by condemning what it names.
_CONDEMNING_HEAD = re.compile(
    r"^(?:the\s+)?(?:improper\w*|inappropriate\w*|unacceptable|unauthori[sz]ed|unprofessional|illegal|unlawful|prohibited|forbidden)\b",
    re.IGNORECASE,
)


def condemns_itself(item: str) -> bool:
    """True for a verbless item whose first words call what it names improper (`Improper contact with pupils.`).

    Such an item says the thing is not allowed whatever its lead-in; one that names
    it further on (`Penalties for improper use`) names a subject, not a rule.
    """
    return bool(_CONDEMNING_HEAD.match(plain(item)))


def lead_in_force(lead_in: str) -> str | None:
    """The stance a lead-in gives list items without a verb of their own, or None when it gives none.

    "Staff must not:", "The following are prohibited:", "Prohibited content:" give theirs;
    a neutral heading ("Examples") gives none, and neither does a lead-in whose only cue is a
    "will" that describes what something will do ("The training will cover:").
    """
    if not lead_in:
        return None
    text = plain(lead_in)
    if _PROHIBITING_HEADING.search(text):
        return "prohibited"
    if _RESTRICTED.search(text):
        return "restricted"
    cues = [m for m in _CUE.finditer(text) if not _DESCRIBING_WILL.match(text[m.start():])]
    found = {m.lastgroup for m in cues}
    return next((s for s in _STRENGTH if s in found), None)


def suggest_stance(text: str, lead_in: str = "", *, list_item: bool = False) -> str:
    """A stance for a drafted rule: its own wording first, then its lead-in's or heading's.

    The heading reverses only what restates it without a positive modal of its own: a
    verbless item, an order, "should never" under "Unacceptable ..." read `prohibited`;
    "All contact should be through ..." under "Improper contact" stays `encouraged`.
    """
    own = cue_stance(text)
    context = context_stance(lead_in)
    if own == "restricted":
        return own
    if own is None and is_verbless(text) and condemns_itself(text):
        return "prohibited"
    positive_modal = own == "encouraged" and bool(_OWN_MODAL.search(plain(text)))
    if context == "prohibited" and own in ("encouraged", "discouraged", None) and not positive_modal:
        # "should never" (or no verb at all) under "Unacceptable ..." / "Staff must not:" restates it
        return "prohibited"
    if own is not None and not (list_item and own == "encouraged" and context in ("required", "prohibited") and not positive_modal):
        if is_imperative(text) and re.match(r"^(?:do not|don't|never)\b", plain(text), re.IGNORECASE):
            return "prohibited"
        return own
    if is_imperative(text) or list_item or is_verbless(text):
        return context or "encouraged"
    return context or "encouraged"
