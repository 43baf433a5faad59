"""The admin's "View on site" shortcut, ``/admin/r/<content type>/<id>/``, answering
only about what the user may open in the admin and readers may see.

Django's own (``django.contrib.contenttypes.views.shortcut``) redirects any staff
member to any object's address, so a Contributor could walk post ids and learn each
draft's slug. This one asks the object's admin first: an object the user may not view
there, one that is not public, or one its admin offers no "View on site" link for
answers exactly as an object that does not exist does (404).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponseRedirect


def view_on_site(request: HttpRequest, content_type_id: int, object_id: str):
    address = _public_address(request, content_type_id, unquote(object_id))
    if not address:
        raise Http404("Nothing to show on the site")
    return HttpResponseRedirect(address)


def _public_address(request: HttpRequest, content_type_id: int, object_id: str) -> str | None:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None
    if model is None or not admin.site.is_registered(model):
        return None
    model_admin = admin.site.get_model_admin(model)
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_or_change_permission(request, obj):
        return None
    if getattr(obj, "is_public", True) is not True:
        return None  # a draft's address would say what it is about
    if callable(model_admin.view_on_site):
        return model_admin.view_on_site(obj)
    if model_admin.view_on_site and hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return None
