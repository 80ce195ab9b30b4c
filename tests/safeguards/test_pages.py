"""The views' shared helpers: pagination with its notice, invalid filters, staff preview, permission pages."""

import django_filters
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from safeguards.pages import filtered, has_permissions, paginate, permission_page, preview_headers, public_or_preview

factory = RequestFactory()


def _request(path="/", user=None, **params):
    request = factory.get(path, params)
    request.user = user or AnonymousUser()
    return request


def test_paginate_gives_the_page_and_the_other_pages_query():
    pages = paginate(_request(q="食堂", page="2"), list(range(25)), per_page=10)
    assert list(pages["page_obj"].object_list) == list(range(10, 20))
    assert pages["notice"] == ""
    assert pages["query_without_page"] == "q=%E9%A3%9F%E5%A0%82"


@pytest.mark.parametrize("asked", ["99", "abc", "0"])
def test_a_page_that_does_not_exist_shows_the_nearest_with_a_notice(asked, chinese):
    pages = paginate(_request(page=asked), list(range(25)), per_page=10)
    number = pages["page_obj"].number
    assert number in (1, 3)
    assert pages["notice"] == f"没有这一页，已为您显示第 {number} 页。"


@pytest.mark.parametrize("asked", [None, "", "1"])
def test_the_first_page_needs_no_notice(asked):
    params = {} if asked is None else {"page": asked}
    assert paginate(_request(**params), [], per_page=10)["notice"] == ""


class GroupFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(max_length=3)

    class Meta:
        model = Group
        fields = ["name"]


@pytest.mark.django_db
def test_an_invalid_filter_lists_nothing_and_a_valid_one_filters():
    Group.objects.create(name="abc")
    Group.objects.create(name="xyz")
    assert list(filtered(GroupFilter({"name": "toolong"}, queryset=Group.objects.all()))) == []
    assert [g.name for g in filtered(GroupFilter({"name": "abc"}, queryset=Group.objects.all()))] == ["abc"]
    assert filtered(GroupFilter(None, queryset=Group.objects.all())).count() == Group.objects.count()


def _missing():
    raise ObjectDoesNotExist


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user("editor", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_group"))
    return user


def test_the_published_object_is_no_preview(editor):
    found = public_or_preview(
        _request(user=editor, preview="1"), public=lambda: "published", preview=_missing, permission="x", missing="no"
    )
    assert found == ("published", False)


def test_staff_with_the_permission_see_the_draft_only_when_they_ask(editor):
    kwargs = {"public": _missing, "preview": lambda: "draft", "permission": "auth.change_group", "missing": "no"}
    assert public_or_preview(_request(user=editor, preview="1"), **kwargs) == ("draft", True)
    with pytest.raises(Http404, match="no"):
        public_or_preview(_request(user=editor), **kwargs)


@pytest.mark.django_db
def test_no_draft_for_staff_without_the_permission_nor_for_the_inactive(editor):
    kwargs = {"public": _missing, "preview": lambda: "draft", "missing": "no"}
    plain = get_user_model().objects.create_user("plain", is_staff=True)
    with pytest.raises(Http404):
        public_or_preview(_request(user=plain, preview="1"), permission="auth.change_group", **kwargs)
    editor.is_active = False
    with pytest.raises(Http404):
        public_or_preview(_request(user=editor, preview="1"), permission="auth.change_group", **kwargs)


def test_a_preview_is_never_stored_nor_indexed():
    response = preview_headers(HttpResponse(), is_preview=True, public_max_age=60)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    public = preview_headers(HttpResponse(), is_preview=False, public_max_age=60)
    assert "public" in public["Cache-Control"] and "max-age=60" in public["Cache-Control"]
    assert not public.has_header("X-Robots-Tag")


@permission_page("auth.change_group", "auth.add_group", any_of=True, reason="why")
def any_view(request):
    return HttpResponse("ok")


@permission_page("auth.change_group", "auth.add_group", reason="why")
def all_view(request):
    return HttpResponse("ok")


def test_a_permission_page_sends_anonymous_visitors_to_sign_in(db):
    response = any_view(_request("/inside/"))
    assert response.status_code == 302 and "next=/inside/" in response["Location"]


def test_any_of_needs_one_permission_all_needs_every_one(editor):
    response = any_view(_request(user=editor))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    with pytest.raises(PermissionDenied, match="why"):
        all_view(_request(user=editor))
    editor.user_permissions.add(Permission.objects.get(codename="add_group"))
    editor = get_user_model().objects.get(pk=editor.pk)  # permissions are cached on the instance
    assert all_view(_request(user=editor)).status_code == 200


def test_has_permissions_all_or_any(editor):
    assert has_permissions(editor, ["auth.change_group"])
    assert not has_permissions(editor, ["auth.change_group", "auth.add_group"])
    assert has_permissions(editor, ["auth.change_group", "auth.add_group"], any_of=True)
    assert not has_permissions(AnonymousUser(), ["auth.change_group"], any_of=True)
