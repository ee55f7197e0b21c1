"""What each staff role may do with payment batches (see kern.roles): finance's only."""

from kern.roles import FINANCE

ROLE_PERMISSIONS = {FINANCE: {"view_paymentbatch", "manage_payments"}}
