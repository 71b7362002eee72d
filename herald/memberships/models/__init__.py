from herald.memberships.models.members import ENTITLED_STATUSES, Member, Tier
from herald.memberships.models.payments import (
    DevelopmentPaymentObject,
    Donation,
    DonationSettings,
    PaymentEvent,
)
from herald.memberships.models.subscribers import JOIN_CONSENT_TEXT, SignInLink, Subscriber

__all__ = [
    "ENTITLED_STATUSES", "JOIN_CONSENT_TEXT", "DevelopmentPaymentObject", "Donation", "DonationSettings", "Member",
    "PaymentEvent", "SignInLink", "Subscriber", "Tier",
]
