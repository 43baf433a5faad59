"""Text as the search index sees it: one spelling for what readers consider one word.

Persian is typed on Persian and Arabic keyboards, with and without the zero-width
non-joiner, sometimes with Arabic vowel marks; its digits have three forms. The same
folding is applied to everything indexed and to every query, so all of these match:

- Arabic yeh and kaf (ي ى ك) are Persian yeh and kaf (ی ک); heh with hamza (ۀ) is heh;
- a word written in parts with the zero-width non-joiner ("می‌شود", "کتاب‌ها") is
  indexed both in parts ("می شود") and whole ("میشود"), and a query word with or
  without it looks for either: so "کتاب" finds "کتاب‌ها", and "میشود" and "می‌شود"
  find each other;
- marks are dropped: Arabic harakat (U+064B–U+0652), the superscript alef, hamza and
  maddah above letters, Latin accents ("café" is "cafe"); tatweel (ـ) too;
- Persian (۰–۹) and Arabic-Indic (٠–٩) digits are ASCII digits;
- letters are lower case, compatibility forms (Arabic presentation forms, full-width
  Latin, ligatures) their plain letters;
- anything that is not a letter or a digit (punctuation, symbols, emoji, control
  characters such as NUL) is a space. Both databases then split words at spaces
  alike, and no query can carry an operator into them.

Every folded character comes from exactly one original character (:func:`fold_mapped`
says which), so matches found in folded text can be marked in the original. The whole
forms of words written in parts follow the folded text (:func:`indexed`), where
nothing maps back to.
"""

from __future__ import annotations

import unicodedata

from newsdesk import memos

#: Folded before anything else (some would otherwise decompose into other letters).
_LETTERS = {
    "\u064a": "\u06cc",  # Arabic yeh → Persian yeh
    "\u0649": "\u06cc",  # alef maksura → Persian yeh
    "\u0643": "\u06a9",  # Arabic kaf → Persian kaf (keheh)
    "\u06c0": "\u0647",  # heh with yeh above (ۀ) → heh
    "\u06c2": "\u0647",  # heh goal with hamza above → heh
    "\u06d5": "\u0647",  # ae → heh
    "\u0640": "",  # tatweel (kashida): stretches a letter, means nothing
    "\u200c": " ",  # zero-width non-joiner: between the parts of a word
    "\u200d": " ",  # zero-width joiner
    "\u00ad": "",  # soft hyphen
    **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
    **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
}
#: Bidirectional controls shape the display of a text, never its words.
_LETTERS.update(dict.fromkeys("\u200e\u200f\u202a\u202b\u202c\u202d\u202e", ""))
_LETTERS.update(dict.fromkeys("\u2066\u2067\u2068\u2069\u061c\ufeff", ""))

#: Markers a backend puts around matched words in folded text; folding turns every
#: private-use character into a space, so folded text never holds them.
MARK_START = "\ue000"
MARK_END = "\ue001"
#: A longer query is cut: it could only slow the database down.
MAX_QUERY_CHARACTERS = 256
MAX_TERMS = 16


def _fold_character(character: str) -> str:
    folded = _LETTERS.get(character)
    if folded is not None:
        return folded
    result = []
    for piece in unicodedata.normalize("NFKD", character.lower()):
        if unicodedata.category(piece).startswith("M"):
            continue  # a mark: vowel signs, hamza and maddah above, accents
        piece = _LETTERS.get(piece, piece)
        category = unicodedata.category(piece) if piece else ""
        if category.startswith(("L", "N")):
            result.append(piece)
        elif piece:
            result.append(" ")
    return "".join(result)


class _FoldTable(dict):
    """``str.translate`` table that works out each new character once."""

    def __missing__(self, codepoint: int) -> str:
        folded = _fold_character(chr(codepoint))
        self[codepoint] = folded
        return folded


_TABLE = memos.register("folded characters", _FoldTable(), when=memos.NEVER)


def fold(text: str) -> str:
    """Text as the index stores and compares it."""
    return text.translate(_TABLE)


def fold_mapped(text: str) -> tuple[str, list[int]]:
    """:func:`fold`, with the index in ``text`` of each folded character."""
    folded: list[str] = []
    origin: list[int] = []
    for index, character in enumerate(text):
        piece = _TABLE[ord(character)]
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


_JOINERS = str.maketrans("", "", "\u200c\u200d")


def _whole(word: str) -> str:
    return fold(word.translate(_JOINERS))


def _has_joiner(word: str) -> bool:
    return "\u200c" in word or "\u200d" in word


def indexed(text: str) -> str:
    """A field as the index stores it: the folded text (words written in parts, in
    parts), then the whole forms of those words."""
    folded = fold(text)
    if not _has_joiner(text):
        return folded
    wholes = [_whole(word) for word in text.split() if _has_joiner(word)]
    return " ".join([folded, *wholes])


def indexed_mapped(text: str) -> tuple[str, list[int]]:
    """:func:`indexed`, with the index in ``text`` of each character (a whole form's
    characters point into the word it was made from)."""
    folded, origin = fold_mapped(text)
    if not _has_joiner(text):
        return folded, origin
    pieces, origin = [folded], list(origin)
    position = 0
    for word in text.split():
        start = text.index(word, position)
        position = start + len(word)
        if not _has_joiner(word):
            continue
        pieces.append(" ")
        origin.append(start)
        for offset, character in enumerate(word):
            if character in "\u200c\u200d":
                continue
            piece = fold(character)
            pieces.append(piece)
            origin.extend([start + offset] * len(piece))
    return "".join(pieces), origin


#: One word of a query: the ways it may be written, each a list of index words that
#: must all be present ("می‌شود": ("می", "شود") or ("میشود",)).
Term = tuple[tuple[str, ...], ...]


def terms(query: str) -> list[Term]:
    """The words of a reader's query, folded, each once, in order; none for a query with
    no letter or digit in it (only quotes, operators or symbols)."""
    found: dict[Term, None] = {}
    for word in query[:MAX_QUERY_CHARACTERS].split():
        parts = tuple(fold(word).split())
        if not parts:
            continue
        whole = tuple(_whole(word).split())
        found[(parts, whole) if whole != parts else (parts,)] = None
    return list(found)[:MAX_TERMS]
