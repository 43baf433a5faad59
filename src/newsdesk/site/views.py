"""Placeholder: replaced by the public site views."""

from django.http import HttpResponse


def _stub(request, *args, **kwargs):
    return HttpResponse("")


home = tag_archive = category_archive = author_archive = series_archive = _stub
month_archive = year_archive = post_dated = post_or_page = robots_txt = media = _stub
not_found = server_error = _stub
