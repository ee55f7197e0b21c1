from aanbod.models.referrals import Referral, ReferralCount

__all__ = ["Referral", "ReferralCount"]
