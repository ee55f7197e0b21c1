"""Days on which SEPA credit transfers are executed: not on weekends and not on the
TARGET2 closing days (1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December)."""

from datetime import date, timedelta

from kern.terms import easter


def is_bank_day(day):
    easter_sunday = easter(day.year)
    closed = {
        date(day.year, 1, 1),
        easter_sunday - timedelta(days=2),
        easter_sunday + timedelta(days=1),
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
