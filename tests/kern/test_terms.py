"""The end of terms under the Algemene termijnenwet (art. 1 and 3), checked against dates
written out by hand from the calendar, and the postal rule of Awb 6:9."""

from datetime import date

import pytest

from kern import terms

# Every general holiday of art. 3 lid 1 over 2025-2031, from the calendar. King's Day is on
# Saturday 26 April in 2025 and 2031, when 27 April is a Sunday.
HOLIDAYS = {
    2025: ["01-01", "04-21", "05-29", "06-09", "04-26", "05-05", "12-25", "12-26"],
    2026: ["01-01", "04-06", "05-14", "05-25", "04-27", "05-05", "12-25", "12-26"],
    2027: ["01-01", "03-29", "05-06", "05-17", "04-27", "05-05", "12-25", "12-26"],
    2028: ["01-01", "04-17", "05-25", "06-05", "04-27", "05-05", "12-25", "12-26"],
    2029: ["01-01", "04-02", "05-10", "05-21", "04-27", "05-05", "12-25", "12-26"],
    2030: ["01-01", "04-22", "05-30", "06-10", "04-27", "05-05", "12-25", "12-26"],
    2031: ["01-01", "04-14", "05-22", "06-02", "04-26", "05-05", "12-25", "12-26"],
}


@pytest.mark.parametrize("year", sorted(HOLIDAYS))
def test_the_general_holidays_of_each_year(year):
    expected = {date.fromisoformat(f"{year}-{day}") for day in HOLIDAYS[year]}
    assert terms.general_holidays(year) == expected


# (decision sent on, last day to object): six weeks on, then to the next working day.
OBJECTION_TERMS = [
    # Christmas on a Friday in 2026, Boxing Day on the Saturday: Monday 28 December.
    ("2026-11-13", "2026-12-28"),
    # A Saturday.
    ("2026-10-17", "2026-11-30"),
    # A plain Tuesday stays.
    ("2026-12-01", "2027-01-12"),
    # Easter Monday in 2025, 2027 and 2029.
    ("2025-03-10", "2025-04-22"),
    ("2027-02-15", "2027-03-30"),
    ("2029-02-19", "2029-04-03"),
    # Ascension Day in 2025 and 2031.
    ("2025-04-17", "2025-05-30"),
    ("2031-04-10", "2031-05-23"),
    # Whit Monday in 2026 and 2030.
    ("2026-04-13", "2026-05-26"),
    ("2030-04-29", "2030-06-11"),
    # King's Day on a Monday in 2026.
    ("2026-03-16", "2026-04-28"),
    # 2025 and 2031: King's Day is the Saturday before, so Monday 28 April is a working day.
    ("2025-03-17", "2025-04-28"),
    ("2031-03-17", "2031-04-28"),
    # 5 May every year: a Tuesday in 2026; a Wednesday in 2027, with Ascension Day after it.
    ("2026-03-24", "2026-05-06"),
    ("2027-03-24", "2027-05-07"),
    # 5 May on a Friday in 2028: to Monday 8 May.
    ("2028-03-24", "2028-05-08"),
    # New Year's Day on a Friday in 2027.
    ("2026-11-20", "2027-01-04"),
    # Christmas on a Monday in 2028, Boxing Day after it.
    ("2028-11-13", "2028-12-27"),
    # Good Friday and 1 May are no general holidays of the act.
    ("2026-02-20", "2026-04-03"),
    ("2026-03-20", "2026-05-01"),
]


@pytest.mark.parametrize(("sent_on", "last_day"), OBJECTION_TERMS)
def test_the_objection_term_ends_on_a_working_day(sent_on, last_day):
    assert terms.objection_deadline(date.fromisoformat(sent_on)) == date.fromisoformat(last_day)


def test_every_computed_term_uses_the_same_rule():
    # A hearing term of 14 days from 11 December 2026 would end on Christmas Day.
    assert terms.after(date(2026, 12, 11), days=14) == date(2026, 12, 28)
    # A report due 13 weeks after the year: 1 April 2027 and 31 March 2028 are working days;
    # 1 April 2029 is Easter Sunday, so the report of 2028 is due Tuesday 3 April.
    assert terms.after(date(2026, 12, 31), weeks=13) == date(2027, 4, 1)
    assert terms.after(date(2027, 12, 31), weeks=13) == date(2028, 3, 31)
    assert terms.after(date(2028, 12, 31), weeks=13) == date(2029, 4, 3)


def test_an_objection_posted_on_the_last_day_and_received_four_days_later_is_on_time():
    deadline = date(2026, 12, 28)
    assert terms.filed_in_time(deadline, date(2027, 1, 1), posted_on=deadline)
    # Received more than a week after the term: late, postmark or not (Awb 6:9 lid 2).
    assert not terms.filed_in_time(deadline, date(2027, 1, 5), posted_on=deadline)
    # Posted after the term, or no postmark: late.
    assert not terms.filed_in_time(deadline, date(2027, 1, 1), posted_on=date(2026, 12, 29))
    assert not terms.filed_in_time(deadline, date(2027, 1, 1))
    assert terms.filed_in_time(deadline, deadline)
