"""Log-in through the state's identity provider (OpenID Connect), used only when OIDC_* is configured.

The identity provider says who someone is; what they may do in Ruhr-Monitor (role, ministry) is
given by the programme office. So by default only people who already have an account can log in
this way, matched by e-mail address; OIDC_CREATE_USER=True creates accounts without any role.
"""

from __future__ import annotations

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class StateIdentityBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        user = super().create_user(claims)
        user.first_name = claims.get("given_name", "")[:150]
        user.last_name = claims.get("family_name", "")[:150]
        user.role = ""  # no access until the programme office assigns a role
        user.save(update_fields=["first_name", "last_name", "role"])
        return user

    def update_user(self, user, claims):
        changed = []
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = (claims.get(claim) or "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user
