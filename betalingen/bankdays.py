"""Days on which SEPA credit transfers are executed: not on weekends and not on the
TARGET2 closing days (1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December)."""

from datetime import date, timedelta


def _easter(year):
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 19 * l) // 433
    month, day = divmod(h + l - 7 * m + 90, 25)
    return date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def is_bank_day(day):
    easter = _easter(day.year)
    closed = {
        date(day.year, 1, 1),
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        date(day.year, 5, 1),
        date(day.year, 12, 25),
        date(day.year, 12, 26),
    }
    return day.weekday() < 5 and day not in closed


def next_bank_day(day):
    """The first bank day after `day`."""
    day += timedelta(days=1)
    while not is_bank_day(day):
        day += timedelta(days=1)
    return day


def bank_day_from(day):
    """`day` itself if banks work then, else the next bank day."""
    return day if is_bank_day(day) else next_bank_day(day)
