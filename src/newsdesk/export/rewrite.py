"""Links for the mirror's host: HTML (parsed with lxml), feeds and sitemaps, CSS.

A mirror holds the public pages, the feeds and sitemaps, and the files they use. A
link to one of those becomes a link to its file on the mirror:

- relative (``--relative``): ``../../tag/news/index.html`` from the page's own file,
  ``index.html`` written out so the folder also works opened straight from disk;
- with a base (``--base-url``): ``https://mirror.example/tag/news/`` (pages by their
  folder, other files by name: ``https://mirror.example/feed/index.xml``).

Anything else a page links to (a search, a query string, an address the mirror does
not hold, a form that posts) goes to the main address, ``settings.BASE_URL``, which a
static copy cannot stand in for. Addresses already written in full (canonical links,
OpenGraph, share links, other sites) are left exactly as they are: a mirror's pages
name the main address as the canonical one.

A mirror's host sends whatever headers it likes, none at all on many: every page
carries the site's Content-Security-Policy and Referrer-Policy itself, as ``<meta>``
elements first in its head (:func:`meta_policy`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree

from newsdesk.export.assets import asset_for
from newsdesk.export.layout import address_of_file, link_to_file
from newsdesk.site import middleware

# Attributes that hold addresses (srcset several, style in CSS url()s).
_LINK_VALUES = etree.XPath(
    "//@href | //@src | //@srcset | //@action | //@formaction | //@poster | //@cite | //@style"
)
_STYLE_ELEMENTS = etree.XPath("//style")
_POSTING_FORMS = etree.XPath("//form[translate(@method, 'POST', 'post') = 'post']")
# CSS has no lxml reader; these two forms are the whole of how CSS names a file.
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CSRF_FIELD = "csrfmiddlewaretoken"
_MAIN, _PAGE, _ASSET = "main", "page", "asset"
_UNKNOWN = object()
_MEMO_SIZE = 200_000
_HTML_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=True, strip_cdata=False
)


#: Directives a policy given in ``<meta http-equiv>`` cannot carry (CSP Level 3: the
#: browser ignores them there, and warns).
NOT_IN_META = ("frame-ancestors", "report-uri", "report-to", "sandbox")
_POLICY_METAS = etree.XPath(
    "//head/meta[translate(@http-equiv, 'CONTENT-SECURITY-POLICY', 'content-security-policy')"
    " = 'content-security-policy' or translate(@name, 'REFERRER', 'referrer') = 'referrer']"
)


def meta_policy(policy: str, main_url: str) -> str:
    """The site's Content-Security-Policy as a mirror's page carries it: without what a
    ``<meta>`` cannot say, and with forms allowed to send to the main address, where a
    mirror sends its search and its password forms (see :meth:`Mirror.html`)."""
    kept = []
    for directive in (part.strip() for part in policy.split(";")):
        name = directive.split(maxsplit=1)[0].lower() if directive else ""
        if not name or name in NOT_IN_META:
            continue
        if name == "form-action" and "'none'" not in directive:
            main = urlsplit(main_url)
            directive += f" {main.scheme}://{main.netloc}"
        kept.append(directive)
    return "; ".join(kept)


@dataclass
class Rewritten:
    body: bytes
    assets: set[str] = field(default_factory=set)  # asset files referenced
    pages: set[str] = field(default_factory=set)  # decoded addresses of pages linked to


@dataclass(frozen=True)
class Mirror:
    """What the export holds and how its links are written.

    ``pages`` maps every address the export holds (decoded) to its file;
    ``base_url`` is None for relative links."""

    main_url: str
    base_url: str | None
    pages: Mapping[str, str]
    # Pages repeat most of their links (menus, tags, the footer): each is worked out once.
    _targets: dict = field(default_factory=dict, init=False, compare=False, repr=False)
    _links: dict = field(default_factory=dict, init=False, compare=False, repr=False)

    # --- one address -------------------------------------------------------------------

    def link(self, value: str, address: str, from_file: str, found: Rewritten) -> str | None:
        """The mirror's form of the link ``value`` on the page at ``address`` (stored in
        ``from_file``); None to leave it as written."""
        key = (value, "" if value.startswith("/") else address)
        target = self._targets.get(key, _UNKNOWN)
        if target is _UNKNOWN:
            target = self._targets[key] = self._target(value, address)
            if len(self._targets) > _MEMO_SIZE:
                self._targets.clear()
        if target is None:
            return None
        what, name, page_key, fragment = target
        if what == _MAIN:
            return name
        if what == _PAGE:
            found.pages.add(page_key)
        else:
            found.assets.add(name)
        return self._link_to(name, from_file) + fragment

    def _target(self, value: str, address: str) -> tuple[str, str, str, str] | None:
        """Where ``value`` leads: (_MAIN, address on the main site), (_PAGE, file, page
        key) or (_ASSET, file); None to leave the link as it is."""
        raw = value.strip()
        if not raw or raw.startswith("#"):
            return None
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc:
            return None  # written in full: another site, or the main address on purpose
        path = urljoin(address, parts.path) if parts.path else address
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if parts.query:
            return _MAIN, self.on_main_site(path, parts.query, fragment), "", ""
        decoded = unquote(path)
        page = self._page_file(decoded)
        if page is not None:
            return _PAGE, page, self._page_key(decoded), fragment
        asset = asset_for(decoded)
        if asset is not None:
            return _ASSET, asset.file, "", fragment
        return _MAIN, self.on_main_site(path, "", fragment), "", ""

    def on_main_site(self, path: str, query: str = "", fragment: str = "") -> str:
        return f"{self.main_url}{path}{'?' + query if query else ''}{fragment}"

    def _page_key(self, decoded: str) -> str:
        return decoded if decoded in self.pages else decoded + "/"

    def _page_file(self, decoded: str) -> str | None:
        found = self.pages.get(decoded)
        if found is None and not decoded.endswith("/"):
            found = self.pages.get(decoded + "/")  # the site would add the slash (APPEND_SLASH)
        return found

    def _link_to(self, file: str, from_file: str) -> str:
        if self.base_url is not None:
            return address_of_file(file, self.base_url)
        folder = from_file.rpartition("/")[0]
        key = (file, folder)
        link = self._links.get(key)
        if link is None:
            link = self._links[key] = link_to_file(file, from_file)
            if len(self._links) > _MEMO_SIZE:
                self._links.clear()
        return link

    # --- documents ---------------------------------------------------------------------

    def html(self, body: bytes, address: str, file: str) -> Rewritten:
        """Every link and asset reference of an HTML page, in attributes, ``srcset`` and
        CSS ``url()``; forms that post go to the main address, without the one-time
        CSRF token the render put in."""
        found = Rewritten(b"")
        document = lxml.html.document_fromstring(body, parser=_HTML_PARSER)
        for form in _POSTING_FORMS(document):
            self._posting_form(form, address)
        for found_value in _LINK_VALUES(document):
            element, name = found_value.getparent(), found_value.attrname
            # A plain copy: lxml's result holds its element, and with it the whole
            # document, alive for as long as the memo keeps the value.
            value = str(found_value)
            if name == "srcset":
                element.set(name, self._srcset(value, address, file, found))
            elif name == "style":
                element.set(name, self._css_text(value, address, file, found))
            elif (
                name != "action"
                or element.tag != "form"
                or element.get("method", "").lower() != "post"
            ):
                changed = self.link(value, address, file, found)
                if changed is not None:
                    element.set(name, changed)
        for style in _STYLE_ELEMENTS(document):
            if style.text:
                style.text = self._css_text(style.text, address, file, found)
        self._policies(document)
        doctype = document.getroottree().docinfo.doctype or "<!DOCTYPE html>"
        found.body = lxml.html.tostring(document, encoding="utf-8", doctype=doctype)
        return found

    def xml(self, body: bytes) -> Rewritten:
        """Feeds and sitemaps rendered for a mirror with a base address: its addresses
        of files other than pages take their file names (a feed's self link becomes
        ``…/feed/index.xml``); addresses with a query (post GUIDs, ``/?p=12``) and any the
        mirror does not hold go to the main address."""
        if self.base_url is None:
            raise ValueError("a relative export keeps feeds and sitemaps as rendered")
        found = Rewritten(b"")
        prefix = self.base_url + "/"
        tree = etree.ElementTree(etree.fromstring(body, _XML_PARSER))
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue  # comments, processing instructions
            text = element.text
            if text and text.startswith(prefix) and not any(c.isspace() for c in text):
                element.text = self._mirror_address(text[len(prefix) - 1 :], found)
            for name, value in element.attrib.items():
                if value.startswith(prefix):
                    element.set(name, self._mirror_address(value[len(prefix) - 1 :], found))
        found.body = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        return found

    def css(self, text: str, address: str, file: str) -> Rewritten:
        """A stylesheet copied to the export: its site-absolute ``url()``s rewritten;
        relative ones already work and are only noted, so their files are copied."""
        found = Rewritten(b"")
        found.body = self._css_text(text, address, file, found, keep_relative=True).encode()
        return found

    # --- parts -------------------------------------------------------------------------

    def _mirror_address(self, rest: str, found: Rewritten) -> str:
        parts = urlsplit(rest)
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        if parts.query:
            return self.on_main_site(parts.path, parts.query, fragment)
        decoded = unquote(parts.path)
        page = self._page_file(decoded)
        if page is not None:
            return address_of_file(page, self.base_url) + fragment
        asset = asset_for(decoded)
        if asset is not None:
            found.assets.add(asset.file)
            return address_of_file(asset.file, self.base_url) + fragment
        return self.on_main_site(parts.path, "", fragment)

    def _policies(self, document) -> None:
        """The site's policies, as its headers say them, in ``<meta>`` elements first in
        the head (after the character set: a policy covers only what follows it)."""
        head = document.find("head")
        if head is None:
            return
        for meta in _POLICY_METAS(document):
            meta.getparent().remove(meta)
        policy = lxml.html.Element("meta")
        policy.set("http-equiv", "Content-Security-Policy")
        policy.set("content", meta_policy(middleware.CONTENT_SECURITY_POLICY, self.main_url))
        referrer = lxml.html.Element("meta", name="referrer", content=middleware.REFERRER_POLICY)
        charset = head.find("meta[@charset]")
        at = head.index(charset) + 1 if charset is not None else 0
        policy.tail = referrer.tail = "\n"
        head.insert(at, referrer)
        head.insert(at, policy)

    def _posting_form(self, form, address: str) -> None:
        """A static mirror cannot answer a POST (a protected post's password form): the
        form sends to the main address instead, and the token rendered into it, which
        is single-use and reader-specific, is dropped."""
        action = form.get("action") or address
        parts = urlsplit(action.strip())
        if not (parts.scheme or parts.netloc):
            path = urljoin(address, parts.path) if parts.path else address
            form.set("action", self.on_main_site(path, parts.query))
        for field_ in form.xpath(f".//input[@name='{_CSRF_FIELD}']"):
            field_.getparent().remove(field_)

    def _srcset(self, srcset: str, address: str, file: str, found: Rewritten) -> str:
        candidates = []
        for candidate in srcset.split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            if not url:
                continue
            changed = self.link(url, address, file, found)
            candidates.append(f"{changed or url} {descriptor.strip()}".strip())
        return ", ".join(candidates)

    def _css_text(
        self, text: str, address: str, file: str, found: Rewritten, keep_relative: bool = False
    ) -> str:
        def replace(match: re.Match) -> str:
            url = next(group for group in match.groups() if group is not None)
            if url.startswith("data:") or (keep_relative and not url.startswith("/")):
                if keep_relative and not urlsplit(url).scheme:
                    self._note_relative(url, address, found)
                return match.group(0)
            changed = self.link(url, address, file, found)
            if changed is None:
                return match.group(0)
            return match.group(0).replace(url, changed, 1)

        text = _CSS_URL.sub(replace, text)
        return _CSS_IMPORT.sub(replace, text)

    def _note_relative(self, url: str, address: str, found: Rewritten) -> None:
        parts = urlsplit(url)
        if parts.netloc or not parts.path:
            return
        asset = asset_for(unquote(posixpath.normpath(urljoin(address, parts.path))))
        if asset is not None:
            found.assets.add(asset.file)
