"""Placeholder: replaced by the sitemaps."""

from django.http import HttpResponse


def index(request):
    return HttpResponse("")


section = news = index
