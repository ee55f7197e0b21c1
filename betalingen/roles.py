"""What each staff role may do with payment batches (see kern.roles): finance makes and pays
them, administrators may look at them; nobody else sees the IBANs."""

from kern.roles import ADMINISTRATOR, FINANCE

ROLE_PERMISSIONS = {
    FINANCE: {"view_paymentbatch", "manage_payments"},
    ADMINISTRATOR: {"view_paymentbatch"},
}
