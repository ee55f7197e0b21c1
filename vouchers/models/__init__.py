from vouchers.choices import (
    OPEN_ENROLMENT,
    AdmissionState,
    DeclarationState,
    EnrolmentState,
    EntryKind,
    ImportState,
    PrintRunState,
    VoucherState,
)
from vouchers.models.api_tokens import ApiToken
from vouchers.models.declarations import Declaration
from vouchers.models.letters import LETTERS_PER_FILE, PrintFile, PrintRun
from vouchers.models.parents import AccountRecovery, ActivationAttempt, ParentAccount
from vouchers.models.passholders import (
    ColumnMapping,
    PassHolder,
    PassHolderImport,
    PassNumberRule,
    PostcodeArea,
)
from vouchers.models.providers import Admission, Enrolment
from vouchers.models.sessions import Session
from vouchers.models.vouchers import CeilingRefusal, Voucher, VoucherEntry, VoucherTerms

__all__ = [
    "CeilingRefusal",
    "ColumnMapping",
    "OPEN_ENROLMENT",
    "AccountRecovery",
    "ActivationAttempt",
    "Admission",
    "AdmissionState",
    "ApiToken",
    "Declaration",
    "DeclarationState",
    "Enrolment",
    "EnrolmentState",
    "EntryKind",
    "ImportState",
    "ParentAccount",
    "PassHolder",
    "PassHolderImport",
    "PassNumberRule",
    "PostcodeArea",
    "PrintFile",
    "PrintRun",
    "PrintRunState",
    "LETTERS_PER_FILE",
    "Session",
    "Voucher",
    "VoucherEntry",
    "VoucherState",
    "VoucherTerms",
]
