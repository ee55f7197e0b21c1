"""Every factory, with each of its traits, makes a row the database and the model accept."""

import pytest

from tests import factories

CASES = [
    (factories.VoucherTermsFactory, {}),
    (factories.PassHolderFactory, {}),
    (factories.PassHolderFactory, {"gone": True}),
    (factories.VoucherFactory, {}),
    (factories.VoucherFactory, {"active": True}),
    (factories.VoucherFactory, {"exhausted": True}),
    (factories.ParentAccountFactory, {}),
    (factories.AdmissionFactory, {}),
    (factories.AdmissionFactory, {"admitted": True}),
    (factories.AdmissionFactory, {"suspended": True}),
    (factories.EnrolmentFactory, {}),
    (factories.EnrolmentFactory, {"accepted": True}),
    (factories.EnrolmentFactory, {"active": True}),
    (factories.SessionFactory, {}),
    (factories.DeclarationFactory, {}),
    (factories.DeclarationFactory, {"submitted": True}),
    (factories.DeclarationFactory, {"approved": True}),
    (factories.ApiTokenFactory, {}),
    (factories.PostcodeAreaFactory, {}),
    (factories.PaymentBatchFactory, {}),
    (factories.ApplicationFactory, {}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "traits"), CASES, ids=lambda value: str(value))
def test_factory_makes_a_valid_row(factory, traits):
    instance = factory(**traits)
    instance.full_clean(exclude=["state"])
    assert type(instance).objects.filter(pk=instance.pk).exists()
