"""Calendar arithmetic the law's terms need."""


def years_later(day, years):
    """The same date `years` later (earlier when negative); 29 February becomes the 28th in
    a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
