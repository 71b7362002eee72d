from herald.validation.policy import DeskValidationPolicy  # noqa: F401
