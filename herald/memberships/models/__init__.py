from herald.memberships.models.members import ENTITLED_STATUSES, Member, Tier
from herald.memberships.models.payments import (
    DevelopmentPaymentObject,
    Donation,
    DonationSettings,
    PaymentEvent,
)
from herald.memberships.models.subscribers import SignInLink, Subscriber

__all__ = [
    "ENTITLED_STATUSES", "DevelopmentPaymentObject", "Donation", "DonationSettings", "Member",
    "PaymentEvent", "SignInLink", "Subscriber", "Tier",
]
