"""Persian pages count days in the Solar Hijri (Jalali) calendar, in Persian digits."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from newsdesk.site.jinja import digits, human_date, human_period, jalali, year_of
from tests import factories


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2020, 9, 5), (1399, 6, 15)),  # 15 Shahrivar 1399
        (date(2021, 3, 21), (1400, 1, 1)),  # 1 Farvardin 1400, Nowruz
        (date(2021, 3, 20), (1399, 12, 30)),  # the last day of a leap year
        (date(2024, 5, 1), (1403, 2, 12)),
    ],
)
def test_known_dates_convert(day, expected):
    converted = jalali(day)
    assert (converted.year, converted.month, converted.day) == expected


def test_dates_read_in_persian_with_persian_digits():
    assert human_date(date(2020, 9, 5), "fa") == "۱۵ شهریور ۱۳۹۹"
    assert human_date(date(2021, 3, 21), "fa-IR") == "۱ فروردین ۱۴۰۰"
    assert human_date(date(2020, 9, 5), "en") == "September 5, 2020"


def test_an_aware_datetime_is_read_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Tehran"
    with timezone.override("Asia/Tehran"):
        late = datetime(2021, 3, 20, 21, 0, tzinfo=timezone.get_fixed_timezone(0))
        assert human_date(late, "fa") == "۱ فروردین ۱۴۰۰"  # already Nowruz in Tehran


def test_archive_periods_name_their_jalali_days():
    september = datetime(2020, 9, 1, tzinfo=timezone.get_fixed_timezone(0))
    assert human_period(september, True, "fa") == "از ۱۱ شهریور تا ۹ مهر ۱۳۹۹"
    year = datetime(2020, 1, 1, tzinfo=timezone.get_fixed_timezone(0))
    assert human_period(year, False, "fa") == "از ۱۱ دی ۱۳۹۸ تا ۱۱ دی ۱۳۹۹"
    assert human_period(september, True, "en") == "September 2020"
    assert human_period(year, False, "en") == "2020"


def test_numbers_and_years_in_persian_digits():
    assert digits(1234567890, "fa") == "۱۲۳۴۵۶۷۸۹۰"
    assert digits(12, "en") == "12"
    assert year_of(date(2021, 3, 21), "fa") == "۱۴۰۰"
    assert year_of(date(2021, 3, 21), "en") == "2021"


@pytest.mark.django_db
def test_a_persian_month_archive_and_its_pager(client):
    factories.site_settings(posts_per_page=2)
    for when in factories.timeline(5):
        factories.post("خبر", language="fa", when=when)
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get("/fa/2024/05/").content, "html.parser")
    assert page.h1.get_text() == "بایگانی از ۱۲ اردیبهشت تا ۱۱ خرداد ۱۴۰۳"
    assert page.select_one(".pager-current").get_text() == "صفحهٔ ۱"
    second = BeautifulSoup(client.get("/fa/2024/05/page/2/").content, "html.parser")
    assert second.select_one(".pager-current").get_text() == "صفحهٔ ۲"
    assert second.title.get_text().startswith("بایگانی از ۱۲ اردیبهشت تا ۱۱ خرداد ۱۴۰۳ – صفحهٔ ۲")
    english = BeautifulSoup(client.get("/2024/05/").content, "html.parser")
    assert english.h1.get_text() == "Archive for May 2024"
