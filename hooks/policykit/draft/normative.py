"""What makes a sentence normative: the one definition the drafter and `coverage` share.

A sentence is normative when it gives a duty, a prohibition, a permission or
advice: a modal (`must`, `shall`, `should`, `will`, `may`, `need to`), a
passive of obligation (`is prohibited`, `is required`, `are expected`,
`is encouraged`, `is discouraged`), a negation of permission (`not
permitted`, `never`, `do not`), a reservation (`reserves the right`), or an
imperative: a sentence that starts with a verb in its base form (`Use your
real name.`, `Always report ...`, `Never open attachments ...`).

In a list under a lead-in (`Staff must not:`), an item carries the lead-in's
force even when it has no verb of its own; `is_verbless` tells those items apart.
"""

from __future__ import annotations

import re

from policykit.draft.sentences import split_sentences

_MARKUP = re.compile(r"[*_`~]+")

CUES = re.compile(
    r"\b(?:must|shall|should|ought to|will|won't|wo not|may|might not|can ?not|can't|need(?:s)? to|has to|have to"
    r"|(?:is|are|be|being|been)\s+(?:strictly\s+|strongly\s+|highly\s+|not\s+|also\s+|only\s+|but\s+)*"
    r"(?:prohibited|required|expected|encouraged|discouraged|permitted|allowed|forbidden|advised|urged|recommended|obliged|responsible)"
    r"|prohibit\w*|requires?|forbid\w*|not permitted|not allowed|never|do not|don't|does not need|please"
    r"|reserves? the right|authori[sz]e[sd]?|recommend\w*|advis\w*|encourag\w*|discourag\w*"
    r"|(?:has|have|bears?|takes?) (?:the |a |an )?(?:\w+ )?responsibility|expects? (?:\w+ ){1,4}to|it is (?:a good idea|recommended|advisable)"
    r"|(?:is|are) not to\s+\w+|(?:is|are) (?:not |un)?acceptable|is a violation|will not be tolerated|always|refrain)\b",
    re.IGNORECASE,
)

# Verbs that open an imperative in policies and guidance ("Use your real name").
IMPERATIVE_VERBS = frozenset(
    """
    accept acknowledge act add address admit adhere alert allow apply approve arrange ask assume attend avoid be become
    block bring check choose cite clarify close collect comment communicate comply confirm consider consult contact
    copy correct create decline declare delete demonstrate describe direct disable disclose discuss display do
    email encourage engage ensure establish exercise explain familiarise familiarize find fix follow forward frame get give
    go handle help hide identify ignore include inform invite join keep label leave let limit link list log maintain
    make manage mark monitor move notify obtain open pause pay permit post prepare present preserve print protect
    provide publish put raise read refer refrain refuse remember remove reply report request research respect respond
    restrict return review save say secure seek select send set share show sign speak state stay stick stop store
    submit take talk tell think treat try turn understand update upload use verify visit wait watch weigh write
    """.split()
)
_LEAD = re.compile(r"^(?:please|always|never|just|also|so|then|and|but|now|first|finally|instead|do not|don't)\s+", re.IGNORECASE)
_AUX = re.compile(
    r"\b(?:is|are|was|were|be|been|being|am|has|have|had|do|does|did|will|would|shall|should|can|could|may|might|must"
    r"|include[sd]?|appl(?:y|ies)|mean[s]?|make[s]?|need[s]?|take[s]?|get[s]?|give[s]?|provide[s]?)\b",
    re.IGNORECASE,
)


def plain(text: str) -> str:
    """The sentence without emphasis or strike marks, quotes at its edges, or runs of spaces."""
    return " ".join(_MARKUP.sub("", text).split()).strip("\"'“”‘’ ")


def first_word(text: str) -> str:
    """The first word after openers like `Please`, `Always`, `Never`, lower-cased."""
    t = plain(text)
    for _ in range(3):
        stripped = _LEAD.sub("", t)
        if stripped == t:
            break
        t = stripped
    m = re.match(r"[A-Za-z][A-Za-z'-]*", t)
    return m.group(0).lower() if m else ""


def is_imperative(text: str) -> bool:
    """True when the sentence opens with a verb in its base form (after `Please`, `Always`, `Never`...)."""
    word = first_word(text)
    if word not in IMPERATIVE_VERBS:
        return False
    # "Use of District email is ..." names a thing; "Use your real name" gives an order.
    rest = plain(text).split()
    following = next((w.lower() for w in rest[1:2]), "")
    return following not in {"of", "is", "are", "was", "were", "and"} or word in {"be", "do"}


_STRUCK = re.compile(r"~~.*?~~", re.DOTALL)
_CLAUSE = re.compile(r"^(?:when|if|before|after|once|while|where|unless|as soon as|in (?:the )?case)\b[^,]{0,80},\s*", re.IGNORECASE)


def gives_order(text: str) -> bool:
    """True for an imperative, also after an opening clause (`If it gives you pause, pause.`)."""
    t = plain(text)
    return is_imperative(t) or is_imperative(_CLAUSE.sub("", t))


def is_normative(text: str) -> bool:
    """True when the sentence gives a duty, prohibition, permission or advice (see the module docstring).

    A draft's struck words are read both ways: as printed and with the strikes left out.
    """
    for t in {plain(text), plain(_STRUCK.sub("", text))}:
        if CUES.search(t) or is_imperative(t) or is_imperative(_CLAUSE.sub("", t)):
            return True
    return False


def is_verbless(text: str) -> bool:
    """A list item that names a thing without a verb (`Student contact information of any kind.`)."""
    t = plain(text)
    if CUES.search(t) or is_imperative(t):
        return False
    return not _AUX.search(t) and len(t.split()) <= 25


def has_normative(text: str) -> bool:
    """True when any sentence of `text` is normative."""
    return any(is_normative(s) for s in split_sentences(text))
