import pytest

from accounts import actions, queries
from tests.wanli.factories import StaffUserFactory
from wanli.roles import CONTENT_EDITOR, MANAGER

from .factories import AuthenticatorFactory

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_authenticator_does_not_count():
    user = StaffUserFactory()
    actions.authenticator_start(user=user)
    assert not queries.has_authenticator(user) and queries.authenticator(user) is None
    device = AuthenticatorFactory(user=user)
    assert queries.has_authenticator(user) and queries.authenticator(user) == device


@pytest.mark.parametrize(
    ("account", "role", "may"),
    [
        ({"is_staff": True}, None, True),
        ({"is_staff": True}, CONTENT_EDITOR, True),
        ({"is_staff": False}, MANAGER, True),
        ({"is_staff": False}, CONTENT_EDITOR, False),
        ({"is_staff": False}, None, False),
        ({"is_staff": True, "is_active": False}, None, False),
    ],
)
def test_who_may_sign_in(account, role, may):
    assert queries.may_sign_in(StaffUserFactory(role=role, **account)) is may


def test_the_coverage_permission_alone_is_enough():
    from django.contrib.auth.models import Permission

    user = StaffUserFactory(is_staff=False)
    user.user_permissions.add(Permission.objects.get(codename="view_coverage"))
    assert queries.may_sign_in(user)
