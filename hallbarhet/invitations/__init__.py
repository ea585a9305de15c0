"""Invited colleagues (inbjudna): a representative's guests for one meeting, or one item of
it, who read that meeting's agenda through a signed link, without an account.

The blueprint is defined in views.py; create_app registers it. The link a mail carries:
urls.invitation_url(invitation)."""
