"""What every form's text fields share."""

import re

# C0 controls but tab, newline and carriage return, and DEL. PostgreSQL refuses NUL in
# text, and no one means to type the others: they come from pasting or from attackers.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(value):
    """A WTForms filter: the text without control characters (other values as they are)."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value
