"""Placeholder: replaced by the feeds."""

from django.http import HttpResponse


class _Stub:
    def __call__(self, request, *args, **kwargs):
        return HttpResponse("")


SiteRss = SiteAtom = TagRss = TagAtom = CategoryRss = CategoryAtom = AuthorRss = AuthorAtom = _Stub
