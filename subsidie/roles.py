"""What each staff role may do with the grant schemes' records (see kern.roles).

Every staff role reads schemes and applications; administrators keep the schemes.
Applications, awards and the ledger change only through the services.
"""

from kern.roles import read_by_staff_kept_by_administrators

ROLE_PERMISSIONS = read_by_staff_kept_by_administrators(
    ("scheme", "schemebudget", "schemeselection", "criterion"), read_too=("application",)
)
