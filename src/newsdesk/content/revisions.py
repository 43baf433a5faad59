"""Comparing two revisions of a post, for the admin's "compare" page.

Text is compared line by line (:mod:`difflib`); a line changed in place is compared
again word by word, so a fixed typo in a long paragraph (an HTML body is often one
line per paragraph) shows as the words that changed. Long unchanged stretches fold
to a few lines of context. Term lists compare as names; the rest as old → new.

The result is plain data; the template escapes every piece of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import Model
from django.utils import timezone

from newsdesk.content.models import Author, Category, Image, Revision, Tag

#: Unchanged lines shown around each change; longer unchanged runs fold.
CONTEXT = 2
_WORDS = re.compile(r"(\s+)")


@dataclass
class Segment:
    text: str
    change: str = ""  # "", "added" or "removed"


@dataclass
class Line:
    change: str  # "same", "added", "removed" or "folded" (``text`` says how many)
    segments: list[Segment] = field(default_factory=list)


@dataclass
class FieldDiff:
    label: str
    lines: list[Line]

    @property
    def changed(self) -> bool:
        return any(line.change in ("added", "removed") for line in self.lines)


def compare(old: Revision, new: Revision, *, with_status: bool = True) -> list[FieldDiff]:
    """What changed from ``old`` to ``new``, field by field (unchanged fields included,
    so the page can say so). ``with_status=False`` leaves out the status and the
    publication time, which restoring a revision does not bring back."""
    status = [
        FieldDiff("Status", diff_text(old.get_status_display(), new.get_status_display())),
        FieldDiff("Publication time", diff_text(_when(old), _when(new))),
    ]
    return [
        FieldDiff("Title", diff_text(old.title, new.title)),
        FieldDiff("Slug", diff_text(old.slug, new.slug)),
        *(status if with_status else []),
        FieldDiff("Body format", diff_text(old.body_format, new.body_format)),
        FieldDiff("Body", diff_text(old.body, new.body)),
        FieldDiff("Excerpt", diff_text(old.excerpt, new.excerpt)),
        FieldDiff("Tags", _diff_terms(Tag, old.tag_ids, new.tag_ids)),
        FieldDiff("Categories", _diff_terms(Category, old.category_ids, new.category_ids)),
        FieldDiff("Authors", _diff_terms(Author, old.author_ids, new.author_ids)),
        FieldDiff(
            "Featured image",
            diff_text(_image(old.featured_image_id), _image(new.featured_image_id)),
        ),
    ]


def diff_text(old: str, new: str) -> list[Line]:
    a, b = old.splitlines(), new.splitlines()
    lines: list[Line] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            lines += _fold([Line("same", [Segment(text)]) for text in a[i1:i2]])
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for before, after in zip(a[i1:i2], b[j1:j2], strict=True):
                lines += _diff_words(before, after)
        else:
            lines += [Line("removed", [Segment(text, "removed")]) for text in a[i1:i2]]
            lines += [Line("added", [Segment(text, "added")]) for text in b[j1:j2]]
    return lines


def _diff_words(before: str, after: str) -> list[Line]:
    a, b = _WORDS.split(before), _WORDS.split(after)
    removed, added = Line("removed"), Line("added")
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            removed.segments.append(Segment("".join(a[i1:i2])))
            added.segments.append(Segment("".join(b[j1:j2])))
            continue
        if i2 > i1:
            removed.segments.append(Segment("".join(a[i1:i2]), "removed"))
        if j2 > j1:
            added.segments.append(Segment("".join(b[j1:j2]), "added"))
    return [removed, added]


def _fold(same: list[Line]) -> list[Line]:
    """Keep the context lines at each end of an unchanged run; the middle folds."""
    if len(same) <= 2 * CONTEXT + 1:
        return same
    hidden = len(same) - 2 * CONTEXT
    folded = Line("folded", [Segment(f"{hidden} unchanged lines")])
    return [*same[:CONTEXT], folded, *same[-CONTEXT:]]


def _diff_terms(model: type[Model], old_ids: list[int], new_ids: list[int]) -> list[Line]:
    names = {item.pk: str(item) for item in model.objects.filter(pk__in={*old_ids, *new_ids})}

    def name(pk: int) -> str:
        return names.get(pk, f"(deleted #{pk})")

    kept = [Line("same", [Segment(name(pk))]) for pk in new_ids if pk in old_ids]
    gone = [Line("removed", [Segment(name(pk), "removed")]) for pk in old_ids if pk not in new_ids]
    came = [Line("added", [Segment(name(pk), "added")]) for pk in new_ids if pk not in old_ids]
    return kept + gone + came


def _when(revision: Revision) -> str:
    if revision.published_at is None:
        return ""
    return timezone.localtime(revision.published_at).strftime("%Y-%m-%d %H:%M")


def _image(image_id: int | None) -> str:
    if image_id is None:
        return ""
    image = Image.objects.filter(pk=image_id).first()
    return str(image) if image else f"(deleted image #{image_id})"
