"""Language editions: where a post in each of the site's languages lives.

The site publishes in its own language (``SiteSettings.language``) at the plain
addresses, and that *main edition* lists every public post whatever its language.
Each other language of ``settings.LANGUAGES`` has an edition under its code
(``/fa/``): a post in that language lives there (``/fa/<slug>/``), and the
edition's home page and archives (``/fa/tag/<slug>/``, ``/fa/2024/05/``…) list only
that language's posts. A post in a language the site does not offer stays at the
plain addresses.

URL names of an edition are the main edition's in a namespace named after the
language (``fa:tag_archive``), so :mod:`newsdesk.content.stale` and ``reverse()``
build both alike.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Q


def language_of(code: str) -> str:
    """The bare language of a code: "fa-IR" and "fa_IR" are "fa"."""
    return (code or settings.LANGUAGE_CODE).split("-")[0].split("_")[0].lower()


def site_language() -> str:
    # Imported here: the post model imports this module to build its addresses.
    from newsdesk.content.models.site import SiteSettings

    return language_of(SiteSettings.current().language)


def offered() -> list[str]:
    """Every language the site can publish in (``settings.LANGUAGES``), in order."""
    return [language_of(code) for code, _name in settings.LANGUAGES]


def autonym(code: str) -> str:
    """A language's name in itself, as the language switcher shows it."""
    names = {language_of(c): name for c, name in settings.LANGUAGES}
    return names.get(language_of(code), code)


def edition_of(language: str) -> str:
    """The edition prefix a post in ``language`` lives under; "" for the main edition."""
    code = language_of(language)
    if code == site_language() or code not in offered():
        return ""
    return code


def editions() -> list[str]:
    """The prefixed editions of this site: every offered language but the site's own."""
    main = site_language()
    return [code for code in offered() if code != main]


def url_name(name: str, edition: str) -> str:
    """The URL name of ``name`` in an edition (``fa:tag_archive``)."""
    return f"{edition}:{name}" if edition else name


def in_edition(path: str, edition: str) -> str:
    """A main-edition address moved into an edition: the edition's routes mirror the
    main ones under the prefix, so ``/tag/x/`` becomes ``/fa/tag/x/``."""
    return f"/{edition}{path}" if edition and path.startswith("/") else path


def language_q(edition: str, field: str = "language") -> Q:
    """Posts written in an edition's language (also when stored as "fa-IR")."""
    return Q(**{field: edition}) | Q(**{f"{field}__istartswith": f"{edition}-"})


# --- translations -------------------------------------------------------------------------
# A post names the original it translates (``translation_of``). Editors link a new
# version to the original, but a translation of a translation happens: the group of
# language versions is the original, its translations and theirs (two steps, which
# one query follows).

TRANSLATION_STEPS = 2


def translation_root(post) -> int:
    """The id of the original at the head of the post's translations (at most
    :data:`TRANSLATION_STEPS` steps up; no query for a post that translates nothing)."""
    from newsdesk.content.models import Post

    root, parent = post.pk, post.translation_of_id
    for _step in range(TRANSLATION_STEPS):
        if parent is None or parent == root:
            break
        root = parent
        parent = Post.objects.filter(pk=root).values_list("translation_of_id", flat=True).first()
    return root


def translation_group(root: int) -> list[int]:
    """Ids of the posts in the translation group headed by ``root``, itself included.

    Found with indexed lookups one step at a time (a single OR across a join would
    scan every post); a post that nothing translates costs one query, in plain SQL as
    every post page asks."""
    from newsdesk.content.models import Post

    table = Post._meta.db_table
    members, step = [root], [root]
    with connection.cursor() as cursor:
        for _step in range(TRANSLATION_STEPS):
            marks = ", ".join(["%s"] * len(step))
            sql = f"SELECT id FROM {table} WHERE translation_of_id IN ({marks}) ORDER BY id"  # noqa: S608 - name from the model
            cursor.execute(sql, step)
            step = [pk for (pk,) in cursor.fetchall()]
            if not step:
                break
            members += step
    return members
