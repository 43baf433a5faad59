"""Share links: plain addresses of each network's share form.

Nothing is loaded from the networks: the reader's browser goes there only when the
reader follows the link, and no counter, script or pixel is embedded.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ShareLink:
    network: str  # icon key, as FollowLink.Network
    label: str  # the network's own name (not translated), or a translated word
    href: str


def share_links(url: str, title: str) -> list[ShareLink]:
    text = f"{title} {url}"
    return [
        ShareLink(
            "facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?" + _q(u=url)
        ),
        ShareLink("x", "X", "https://x.com/intent/post?" + _q(url=url, text=title)),
        ShareLink("telegram", "Telegram", "https://t.me/share/url?" + _q(url=url, text=title)),
        ShareLink("whatsapp", "WhatsApp", "https://wa.me/?" + _q(text=text)),
        ShareLink("email", _("Email"), "mailto:?" + _q(subject=title, body=url)),
    ]


def _q(**params: str) -> str:
    # quote, not quote_plus: mail programs show "+" literally in subject lines.
    return urlencode(params, quote_via=quote)
