"""The end of a term the law sets for a citizen or an organisation (Algemene termijnenwet).

One rule for every term the system computes: the objection and appeal terms (Awb 6:7, 6:8),
the repair, hearing, payment, evidence and report terms. A term that would end on a
Saturday, a Sunday or a general holiday ends on the next day that is none of these
(Algemene termijnenwet art. 1 lid 1)."""

from datetime import date, timedelta

OBJECTION_WEEKS = 6
# Awb 6:9 lid 2: posted in time and received at most a week after the term.
POSTAL_GRACE = timedelta(weeks=1)


def easter(year):
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


def kings_day(year):
    """27 April, or 26 April when the 27th is a Sunday (Wet vaststelling Koningsdag)."""
    day = date(year, 4, 27)
    return day - timedelta(days=1) if day.weekday() == 6 else day


def general_holidays(year):
    """Algemene termijnenwet art. 3 lid 1: the generally recognised holidays."""
    easter_sunday = easter(year)
    return {
        date(year, 1, 1),
        easter_sunday + timedelta(days=1),  # Easter Monday
        easter_sunday + timedelta(days=39),  # Ascension Day
        easter_sunday + timedelta(days=50),  # Whit Monday
        kings_day(year),
        date(year, 5, 5),  # every year, since the act's change of 2000
        date(year, 12, 25),
        date(year, 12, 26),
    }


def is_working_day(day):
    return day.weekday() < 5 and day not in general_holidays(day.year)


def term_end(last_day):
    """Algemene termijnenwet art. 1: a last day that is no working day moves to the next."""
    while not is_working_day(last_day):
        last_day += timedelta(days=1)
    return last_day


def after(start, *, weeks=0, days=0):
    """The last day of a term of `weeks` and `days` that starts the day after `start`."""
    return term_end(start + timedelta(weeks=weeks, days=days))


def objection_deadline(sent_on):
    """Awb 6:7 and 6:8: six weeks from the day after the decision was sent; the same term
    serves the appeal (beroep, Awb 8:1)."""
    return after(sent_on, weeks=OBJECTION_WEEKS)


def filed_in_time(deadline, received_on, posted_on=None):
    """Awb 6:9: received by the last day, or posted by then and received within a week."""
    if received_on <= deadline:
        return True
    posted_in_time = posted_on is not None and posted_on <= deadline
    return posted_in_time and received_on <= deadline + POSTAL_GRACE
