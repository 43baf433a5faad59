"""Untrusted HTML put in order before the sanitiser reads it, so that reading it takes
time in proportion to its length.

The sanitiser (nh3, on html5ever) builds the tree as a browser does, and some steps of
that look through every open element, every open formatting element (``b``, ``em``,
``a``…) or every attribute of a tag, and some take time in proportion to the square
of a text's length when the text holds characters it escapes (``&``, no-break
spaces). 100,000 nested ``<div>``, ``<div><b id=n>x</div>`` said again and again, a tag
with 50,000 attributes or 200 KB of ``&`` kept it busy for seconds to minutes. One
pass over the text here, in time proportional to it, bounds what the parser meets:

- an element opened :data:`MAX_DEPTH` deep is left out (what it holds stays);
- a formatting element still open when the element around it closes is closed with
  it, where a browser would open it again in every block that follows;
- a tag keeps its first :data:`MAX_ATTRIBUTES` attributes, less any whose value is
  longer than :data:`MAX_ATTRIBUTE_VALUE` (no address or caption is);
- text gets a break (``<!----><wbr>``, which the sanitiser removes) every
  :data:`MAX_TEXT` characters; a ``<title>``, ``<textarea>`` or ``<xmp>`` holding more
  becomes the text it holds.

What passes is otherwise the text as written: HTML nested less deeply, its formatting
closed inside its blocks, reads the same to the sanitiser. Tokens are read as the HTML
standard's tokenizer reads them (a quoted ``>`` does not end a tag, a comment ends at
the first ``-->``, a script holds text to ``</script``). How elements nest is followed
more simply than a browser does, always erring towards counting an element as still
open, so the bounds hold whatever the markup.
"""

from __future__ import annotations

import re

#: Deeper than any article (tables in lists in quotes reach a dozen; page builders 30).
MAX_DEPTH = 100
#: More than any element needs (the sanitiser keeps at most seven on one).
MAX_ATTRIBUTES = 64
MAX_ATTRIBUTE_VALUE = 8192
MAX_TEXT = 1024
#: Ends a text for the parser anywhere: the comment inside a ``<select>``, the element
#: in a table (where text is moved out before the table, next to the text before it).
TEXT_BREAK = "<!----><wbr>"
#: ... in svg or math, where a ``<wbr>`` is an element of theirs that text goes into.
FOREIGN_TEXT_BREAK = "<!---->"

_VALUE = r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z)|[^\t\n\f\r >]*+))?"
_ATTRIBUTE = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*+" + _VALUE)
# A start or end tag after its "<": name, attributes, then ">", or the end of the text
# (a tag cut off by the end is no tag). Quoted attribute values may hold ">".
_TAG = re.compile(
    r"/?(?P<name>[A-Za-z][^\t\n\f\r />]*)"
    r"(?P<attributes>(?:[\t\n\f\r /]++|[^\t\n\f\r />][^\t\n\f\r />=]*+" + _VALUE + r")*+)"
    r"(?P<end>>|\Z)"
)
_COMMENT_END = re.compile(r"--!?>")
# Where a character reference ("&amp;", "&#38;") may still go on: no break there.
_IN_REFERENCE = re.compile(r"&[#A-Za-z0-9]*\Z")
_REFERENCE_PART = re.compile(r"[#A-Za-z0-9;]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta "
    "param source track wbr".split()
)
#: Start tags a parser of a fragment merges or ignores: they open nothing.
_IGNORED = frozenset({"html", "head", "body", "frameset"})
#: Elements holding text up to their end tag, that the sanitiser drops with it.
_SCRIPT = frozenset({"script", "style"})
#: Elements holding text up to their end tag, that the sanitiser keeps as text
#: (``noscript`` too: the sanitiser parses it so when it is not an allowed tag).
_TEXT_KEPT = frozenset("xmp iframe noembed noframes noscript plaintext".split())
#: ... with character references ("&amp;") read in it.
_RCDATA = frozenset({"textarea", "title"})
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
#: The standard's "special" elements, and the foreign ones that end its scopes.
_SPECIAL = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button "
    "caption center col colgroup dd details dialog dir div dl dt embed fieldset figcaption "
    "figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe "
    "img input keygen li link listing main marquee menu meta nav noembed noframes noscript "
    "object ol p param plaintext pre script search section select source style summary "
    "table tbody td template textarea tfoot th thead title tr track ul wbr xmp "
    "foreignobject desc mi mo mn ms mtext annotation-xml".split()
)
_SCOPE = frozenset(
    "applet caption html table td th marquee object template "
    "foreignobject desc title mi mo mn ms mtext annotation-xml".split()
)
_BUTTON_SCOPE = _SCOPE | {"button"}
_LIST_SCOPE = _SCOPE | {"ol", "ul"}
_TABLE_SCOPE = frozenset({"html", "table", "template"})
_TABLE_PARTS = frozenset("caption colgroup tbody td tfoot th thead tr table".split())
_LIST_ITEM_STOP = _SPECIAL - {"address", "div", "p"}
#: Start tags that close an open ``p`` first.
_CLOSE_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr listing main menu nav ol p pre "
    "search section summary table ul xmp li dd dt plaintext".split()
)
#: Start tags that close the nearest open element of the same kind: (which kinds, the
#: elements a search for one stops at).
_CLOSE_SAME = {
    "li": ({"li"}, _LIST_ITEM_STOP),
    "dd": ({"dd", "dt"}, _LIST_ITEM_STOP),
    "dt": ({"dd", "dt"}, _LIST_ITEM_STOP),
    "td": ({"td", "th"}, _TABLE_SCOPE),
    "th": ({"td", "th"}, _TABLE_SCOPE),
    "tr": ({"tr"}, _TABLE_SCOPE),
    "tbody": ({"tbody", "thead", "tfoot"}, _TABLE_SCOPE),
    "thead": ({"tbody", "thead", "tfoot"}, _TABLE_SCOPE),
    "tfoot": ({"tbody", "thead", "tfoot"}, _TABLE_SCOPE),
}
#: Start tags that end svg or math content (the parser closes it and reads them as HTML).
_BREAKS_OUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr "
    "i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table "
    "tt u ul var".split()
)
#: Foreign elements whose content is HTML again.
_INTEGRATION_POINTS = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
_MARKERS = frozenset("applet caption marquee object td template th".split())
_STOPS = (_SPECIAL, _SCOPE, _BUTTON_SCOPE, _LIST_SCOPE, _TABLE_SCOPE, _LIST_ITEM_STOP)


def bounded_nesting(html: str) -> str:
    """``html`` as the sanitiser can read in time proportional to its length (see the
    module's docstring for what changes)."""
    out = _Writer(html)
    open_ = _Open()
    cursor = 0  # where to look for the next "<"
    length = len(html)
    while (start := html.find("<", cursor)) != -1:
        following = html[start + 1 : start + 2]
        if html.startswith("<!--", start):
            out.text_to(start, open_.in_foreign())
            cursor = _comment_end(html, start)
            out.markup_to(cursor)
            continue
        if following in ("!", "?"):  # a doctype, a CDATA section, a bogus comment
            out.text_to(start, open_.in_foreign())
            in_cdata = open_.in_foreign() and html.startswith("<![CDATA[", start)
            end = html.find("]]>" if in_cdata else ">", start + 2)
            cursor = length if end == -1 else end + (3 if in_cdata else 1)
            out.markup_to(cursor)
            continue
        tag = _TAG.match(html, start + 1)
        if tag is None:
            if following == "/" and start + 2 < length:  # "</>", or a bogus comment
                out.text_to(start, open_.in_foreign())
                end = html.find(">", start + 2)
                cursor = length if end == -1 else end + 1
                out.markup_to(cursor)
            else:  # "<" before anything but a letter is text
                cursor = start + 1
            continue
        out.text_to(start, open_.in_foreign())
        cursor = tag.end()
        if not tag["end"]:
            out.markup_to(length)  # cut off by the end of the text: the parser drops it
            break
        name = tag["name"].translate(_ASCII_LOWER)
        if following == "/":
            out.insert(_end_tag(open_, name))
            if len(tag["attributes"]) > 2 * MAX_ATTRIBUTES:  # meaningless on an end tag
                out.replace(cursor, f"</{tag['name']}>")
            out.markup_to(cursor)
        else:
            cursor = _start_tag(open_, name, html, start, tag, out)
    out.text_to(length, open_.in_foreign())
    return out.result()


class _Writer:
    """The text as it is to be given to the sanitiser, built from left to right: the
    source up to :attr:`done` is written (as it stands, or as told)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.pieces: list[str] = []
        self.done = 0
        self.since_break = 0  # characters of text since the last break

    def result(self) -> str:
        return "".join(self.pieces)

    def insert(self, markup: str) -> None:
        if markup:
            self.pieces.append(markup)

    def markup_to(self, end: int) -> None:
        """The source up to ``end`` is markup: copy it as it stands."""
        if end > self.done:
            self.pieces.append(self.html[self.done : end])
            self.done = end

    def replace(self, end: int, markup: str) -> None:
        """Write ``markup`` instead of the source up to ``end``."""
        self.insert(markup)
        self.done = max(self.done, end)

    def text_to(self, end: int, foreign: bool = False) -> None:
        """The source up to ``end`` is text: copy it, breaking it where it runs long."""
        if end > self.done:
            self.pieces.append(self.breaking(self.html[self.done : end], foreign))
            self.done = end

    def breaking(self, text: str, foreign: bool = False) -> str:
        """``text`` with a break wherever :data:`MAX_TEXT` characters have gone by."""
        mark = FOREIGN_TEXT_BREAK if foreign else TEXT_BREAK
        pieces, start = [], 0
        while len(text) - start > MAX_TEXT - self.since_break:
            cut = _safe_cut(text, start + max(1, MAX_TEXT - self.since_break))
            if cut >= len(text):
                break
            pieces += [text[start:cut], mark]
            start, self.since_break = cut, 0
        self.since_break += len(text) - start
        pieces.append(text[start:])
        return "".join(pieces)


def _safe_cut(text: str, at: int) -> int:
    """The first place from ``at`` where a break changes no character: not inside a
    character reference nor between CR and LF."""
    while at < len(text):
        inside_reference = _REFERENCE_PART.match(text, at) and _IN_REFERENCE.search(
            text, max(0, at - 40), at
        )
        if not inside_reference and text[at - 1 : at + 1] != "\r\n":
            return at
        at += 1
    return at


class _Open:
    """The elements open at a point of the text, innermost last, with where the
    innermost of each name and of each kind of stop is: every question asked of them
    is answered without walking through them."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.foreign: list[bool] = []  # inside svg or math: no element holds only text
        self._of_name: dict[str, list[int]] = {}
        self._of_stop: dict[frozenset[str], list[int]] = {stop: [] for stop in _STOPS}

    def in_foreign(self) -> bool:
        """Inside svg or math, and not in an element of theirs that holds HTML."""
        return bool(self.foreign) and self.foreign[-1] and self.names[-1] not in _INTEGRATION_POINTS

    def leave_foreign(self) -> None:
        """Close the svg or math content the parser leaves for an HTML tag."""
        index = len(self.names)
        while (
            index and self.foreign[index - 1] and self.names[index - 1] not in _INTEGRATION_POINTS
        ):
            index -= 1
        self.close_to(index)

    def depth(self) -> int:
        return len(self.names)

    def current(self) -> str:
        return self.names[-1] if self.names else ""

    def innermost(self, name: str) -> int:
        found = self._of_name.get(name)
        return found[-1] if found else -1

    def innermost_stop(self, stop: frozenset[str]) -> int:
        found = self._of_stop[stop]
        return found[-1] if found else -1

    def push(self, name: str) -> None:
        index = len(self.names)
        self.foreign.append(self.in_foreign() or name in ("svg", "math"))
        self.names.append(name)
        self._of_name.setdefault(name, []).append(index)
        for stop, indexes in self._of_stop.items():
            if name in stop:
                indexes.append(index)

    def find(self, wanted: set[str] | frozenset[str], stop: frozenset[str]) -> int | None:
        """The innermost open element named in ``wanted``, unless one of ``stop`` is
        open inside it."""
        found = max(self.innermost(name) for name in wanted)
        return found if found >= 0 and found >= self.innermost_stop(stop) else None

    def close_to(self, index: int) -> str:
        """Close everything from ``index`` in; the end tags of the formatting elements
        among them, innermost first (the others' are the parser's to imply; and none
        when a cell, a caption or an object closes: the parser forgets the formatting
        opened inside those itself)."""
        marker = self.names[index] in _MARKERS
        closing = []
        while len(self.names) > index:
            name, foreign = self.names.pop(), self.foreign.pop()
            self._of_name[name].pop()
            for stop, indexes in self._of_stop.items():
                if name in stop:
                    indexes.pop()
            if len(self.names) > index and name in _FORMATTING and not foreign and not marker:
                closing.append(f"</{name}>")
        return "".join(closing)


def _comment_end(html: str, start: int) -> int:
    if html.startswith(">", start + 4):
        return start + 5
    if html.startswith("->", start + 4):
        return start + 6
    end = _COMMENT_END.search(html, start + 4)
    return len(html) if end is None else end.end()


def _end_tag(open_: _Open, name: str) -> str:
    """What must come before the end tag ``name``: the formatting elements it closes."""
    if name in ("br", "p") and open_.in_foreign():
        open_.leave_foreign()
    if name in _HEADINGS:
        index = open_.find(_HEADINGS, _SCOPE)
    elif name in _FORMATTING:
        index = open_.find({name}, _SCOPE)
        # With a block inside it, the parser moves the block out instead of closing
        # everything to it: leave the element counted as open.
        if index is not None and open_.innermost_stop(_SPECIAL) > index:
            return ""
    elif name in _TABLE_PARTS:
        index = open_.find({name}, _TABLE_SCOPE)
    elif name == "p":
        index = open_.find({name}, _BUTTON_SCOPE)
    elif name == "li":
        index = open_.find({name}, _LIST_SCOPE)
    elif name == "form":
        # The parser takes the form out alone, leaving open what is open inside it:
        # followed here only when nothing is.
        index = open_.find({name}, _SCOPE)
        if index != open_.depth() - 1:
            return ""
    elif name in _SPECIAL:
        index = open_.find({name}, _SCOPE)
    else:
        index = open_.find({name}, _SPECIAL)
    return "" if index is None else open_.close_to(index)


def _start_tag(open_: _Open, name: str, html: str, start: int, tag: re.Match, out: _Writer):
    """Write the start tag as it is to be written; where reading goes on (after the
    text an element like ``<script>`` holds)."""
    end = tag.end()
    kept = _with_attributes_kept(html, start, tag)
    if open_.in_foreign() and (
        name in _BREAKS_OUT
        or name == "font"
        and re.search(r"(?i)\b(?:color|face|size)\s*=", tag["attributes"])
    ):
        open_.leave_foreign()
    if open_.in_foreign():
        if _closes_itself(tag["attributes"]):  # <circle/>: closed as it opens
            return _tag_written(out, end, kept)
    elif name in _VOID or name in _IGNORED:
        return _tag_written(out, end, kept)
    else:
        out.insert(_closed_by(open_, name))
        if name in _SCRIPT or name in _TEXT_KEPT or name in _RCDATA:
            # Not counted as open: nothing is inside it but text, up to its end tag.
            return _text_element(name, html, end, out, kept)
    if open_.depth() >= MAX_DEPTH:
        out.replace(end, "")  # too deep: left out, what it holds is kept
        return end
    open_.push(name)
    return _tag_written(out, end, kept)


def _tag_written(out: _Writer, end: int, kept: str | None) -> int:
    if kept is None:
        out.markup_to(end)
    else:
        out.replace(end, kept)
    return end


def _text_element(name: str, html: str, end: int, out: _Writer, kept: str | None) -> int:
    """An element holding only text, up to its end tag. Kept as it is, unless its text
    is long and the sanitiser keeps it: then it becomes that text, escaped."""
    closing = _text_end(html, name, end)
    if name in _SCRIPT or closing - end <= MAX_TEXT:
        _tag_written(out, end, kept)
        out.markup_to(closing)
        return closing
    text = html[end:closing].replace("\x00", "\ufffd")
    if name == "textarea" and text.startswith(("\n", "\r\n")):
        text = text[1:] if text[0] == "\n" else text[2:]  # as the parser drops it
    if name not in _RCDATA:
        text = text.replace("&", "&amp;")
    after = _TAG.match(html, closing + 1) if closing < len(html) else None
    resume = after.end() if after is not None and after["end"] else closing
    out.replace(resume, out.breaking(text.replace("<", "&lt;")))
    return resume


def _closed_by(open_: _Open, name: str) -> str:
    """Close what the start tag ``name`` closes as the parser reads it; the end tags
    that must come before it."""
    before = ""
    if name in _CLOSE_P and (index := open_.find({"p"}, _BUTTON_SCOPE)) is not None:
        before += open_.close_to(index)
    if name in _CLOSE_SAME:
        kinds, stop = _CLOSE_SAME[name]
        if (index := open_.find(kinds, stop)) is not None:
            before += open_.close_to(index)
    elif name in _HEADINGS and open_.current() in _HEADINGS:
        before += open_.close_to(open_.depth() - 1)
    elif name == "a":
        index = open_.find({"a"}, _SCOPE)
        if index is not None and open_.innermost_stop(_SPECIAL) < index:
            before += open_.close_to(index)
    elif name in ("option", "optgroup"):
        if open_.current() == "option":
            before += open_.close_to(open_.depth() - 1)
        if name == "optgroup" and open_.current() == "optgroup":
            before += open_.close_to(open_.depth() - 1)
    return before


def _closes_itself(attributes: str) -> bool:
    """``<name …/>``: the "/" stands apart from the last attribute (in ``href=a/`` it is
    the value's)."""
    if not attributes.endswith("/"):
        return False
    last = 0
    for attribute in _ATTRIBUTE.finditer(attributes):
        last = attribute.end()
    return last < len(attributes)


def _text_end(html: str, name: str, start: int) -> int:
    if name == "plaintext":
        return len(html)
    end = re.compile(r"</" + name + r"(?=[\t\n\f\r />])", re.IGNORECASE).search(html, start)
    return len(html) if end is None else end.start()


def _with_attributes_kept(html: str, start: int, tag: re.Match) -> str | None:
    """The start tag with the attributes it keeps, or None when it keeps them all."""
    attributes = tag["attributes"]
    if len(attributes) <= 2 * MAX_ATTRIBUTES:
        return None
    kept, dropped = [], False
    for attribute in _ATTRIBUTE.finditer(attributes):
        if len(kept) == MAX_ATTRIBUTES or len(attribute.group(0)) > MAX_ATTRIBUTE_VALUE:
            dropped = True
        else:
            kept.append(attribute.group(0))
    if not dropped:
        return None
    closing = " /" if _closes_itself(attributes) else ""
    return html[start : tag.start("attributes")] + "".join(f" {a}" for a in kept) + closing + ">"
