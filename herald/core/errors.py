"""One error base class: a code, an HTTP status and a message a person can act on."""

from __future__ import annotations


class HeraldError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        if status:
            self.status = status

    def as_json(self) -> dict:
        return {"error": {"code": self.code, "message": self.message}}


class RateLimited(HeraldError):
    code = "rate_limited"
    status = 429


class NotAllowed(HeraldError):
    code = "not_allowed"
    status = 403
