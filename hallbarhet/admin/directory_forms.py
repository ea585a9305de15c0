"""The form of one row of the directory mapping (/admin/directory)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import labels
from ..extensions import db
from ..forms_common import Versioned, VersionField, without_control_characters
from ..models import Administration, Network, Role
from ..models.directory import CLAIM_VALUE_MAX


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_id(value):
    """A select's id, or None for its empty choice (and for anything that is no id)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) <= 9 else None


def _optional_text(value) -> str:
    return str(value or "")


class MappingForm(FlaskForm, Versioned):
    claim_value = StringField(
        _l("Group or department, as the directory sends it"),
        filters=[without_control_characters, _strip],
        validators=[DataRequired(), Length(max=CLAIM_VALUE_MAX)],
    )
    administration = SelectField(_l("Administration"), coerce=_optional_id)
    network = SelectField(_l("Network"), coerce=_optional_id)
    role = SelectField(_l("Role in the network"), coerce=_optional_text)
    # A new row has no version yet: the field is not required here.
    version = VersionField()

    def set_choices(self) -> None:
        nothing = ("", _l("– none –"))
        administrations = db.session.scalars(
            select(Administration)
            .where(Administration.active.is_(True))
            .order_by(Administration.name)
        )
        self.administration.choices = [nothing] + [(a.id, a.name) for a in administrations]
        networks = db.session.scalars(select(Network).order_by(Network.name))
        self.network.choices = [nothing] + [(n.id, n.name) for n in networks]
        self.role.choices = [nothing] + [(role.value, labels.ROLE[role]) for role in Role]

    def chosen_role(self) -> Role | None:
        return Role(self.role.data) if self.role.data else None
