from datetime import date, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from facilities.hours import local_now
from services.models import Menu
from tests.services.factories import MenuFactory, MenuItemFactory, ServiceAtLocationFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


def test_copy_action_in_admin_copies_the_selected_menus(staff_client):
    menu = MenuFactory(date=date(2026, 11, 23))
    MenuItemFactory(menu=menu, dish="馄饨")
    response = staff_client.post(
        reverse("admin:services_menu_changelist"),
        {"action": "copy_to_next_week", ACTION_CHECKBOX_NAME: [menu.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Menu.objects.get(date=date(2026, 11, 30))
    assert list(copy.items.values_list("dish", flat=True)) == ["馄饨"]
    assert "已复制 1 份菜单到下一周" in response.content.decode()

    again = staff_client.post(
        reverse("admin:services_menu_changelist"),
        {"action": "copy_to_next_week", ACTION_CHECKBOX_NAME: [menu.pk]},
        follow=True,
    )
    assert "未覆盖" in again.content.decode()
    assert Menu.objects.filter(date=date(2026, 11, 30)).count() == 1


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:services_service_changelist",
        "admin:services_servicecategory_changelist",
        "admin:services_menu_changelist",
    ],
)
def test_admin_lists_render(staff_client, url_name):
    ServiceAtLocationFactory()
    MenuFactory(date=local_now().date() + timedelta(days=1))
    assert staff_client.get(reverse(url_name)).status_code == 200


def test_admin_change_pages_render(staff_client):
    link = ServiceAtLocationFactory(service__category=ServiceCategoryFactory(parent=ServiceCategoryFactory()))
    menu = MenuItemFactory().menu
    assert staff_client.get(reverse("admin:services_service_change", args=[link.service.pk])).status_code == 200
    assert (
        staff_client.get(reverse("admin:services_servicecategory_change", args=[link.service.category.pk])).status_code
        == 200
    )
    assert staff_client.get(reverse("admin:services_menu_change", args=[menu.pk])).status_code == 200
    assert staff_client.get(reverse("admin:services_menu_add")).status_code == 200


def _service_add_data(staff_client, **fields):
    """The admin's add form as a browser sends it, with `fields` typed in."""
    from tests.facilities.admin_forms import change_form_data

    data = change_form_data(staff_client.get(reverse("admin:services_service_add")))
    data.update(category=ServiceCategoryFactory().pk, **fields)
    return data


def test_a_service_added_in_the_admin_gets_a_pinyin_slug_and_its_audiences(staff_client):
    from facilities.models import Audience
    from services.models import Service

    audiences = list(Audience.objects.filter(code__in=["elderly", "all_residents"]).values_list("pk", flat=True))
    data = _service_add_data(staff_client, name="小修小补", slug="", audiences=audiences)
    response = staff_client.post(reverse("admin:services_service_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    service = Service.objects.get(name="小修小补")
    assert service.slug == "xiao-xiu-xiao-bu"
    assert sorted(service.audiences.values_list("code", flat=True)) == ["all_residents", "elderly"]


def test_the_admin_refuses_a_service_with_impossible_ages(staff_client):
    from services.models import Service

    data = _service_add_data(staff_client, name="托育", slug="", min_age=5, max_age=1)
    response = staff_client.post(reverse("admin:services_service_add"), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not Service.objects.exists()
