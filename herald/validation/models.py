from herald.validation.dismissals import DismissedFinding  # noqa: F401
from herald.validation.policy import DeskValidationPolicy  # noqa: F401
