from herald.memberships.views.subscribers import subscribe

__all__ = ["subscribe"]
