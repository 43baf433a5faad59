"""The admin's date drill-down (``date_hierarchy``), kept inside the calendar.

Django's change list turns ``?published_at__year=…&…__month=…&…__day=…`` into a date
range, and a year past 9998 or digits past a C long overflow there into a server
error. Here the numbers are read as :mod:`newsdesk.content.numbers` reads an archive's
first; out of range they are a bad filter, which the admin answers as any other: back
to the list with ``?e=1``.
"""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList

from newsdesk.content import numbers

UNITS = ("year", "month", "day")


class CalendarChangeList(ChangeList):
    def get_filters(self, request):
        if self.date_hierarchy:
            chosen = [self.filter_params.get(f"{self.date_hierarchy}__{unit}") for unit in UNITS]
            try:
                _check(*(values[-1] if values else None for values in chosen))
            except ValueError as error:
                raise IncorrectLookupParameters(error) from error
        return super().get_filters(request)


def _check(year: str | None, month: str | None, day: str | None) -> None:
    if year is None:
        return  # without a year Django reads no month or day as a range
    numbers.calendar_day(
        numbers.whole(year, numbers.FIRST_YEAR, numbers.LAST_YEAR),
        numbers.whole(month or "1", 1, 12),
        numbers.whole(day or "1", 1, 31),
    )


def keep_drill_downs_in_calendar(site) -> None:
    """Every admin of ``site`` with a ``date_hierarchy`` lists with
    :class:`CalendarChangeList`, other apps' admins (django-axes' attempts) too. Run
    once every admin is registered (the admin app's ``ready()`` registers them first)."""
    for model_admin in site._registry.values():
        if model_admin.date_hierarchy:
            model_admin.get_changelist = _calendar_changelist


def _calendar_changelist(request, **kwargs):
    return CalendarChangeList
