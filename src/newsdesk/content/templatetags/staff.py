"""``{{ user|staff_name }}`` in the admin's templates (see :mod:`newsdesk.content.staff`)."""

from django import template

from newsdesk.content.staff import staff_name as _staff_name

register = template.Library()


@register.filter
def staff_name(user) -> str:
    return _staff_name(user)
