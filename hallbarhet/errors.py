"""Domain errors. Domain functions raise them; one handler turns them into responses."""


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str, *, current=None, field: str | None = None):
        super().__init__(message)
        self.message = message
        # The current state of the object, for conflict pages that show it.
        self.current = current
        # The form field the message belongs beside, when it belongs to one.
        self.field = field


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class InvalidTransition(DomainError):
    status_code = 409


class Invalid(DomainError):
    status_code = 422


class InvalidField(Invalid):
    """Bad input that belongs beside one field of the form, so the message is shown there."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field=field)
