from datetime import date, timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.urls import reverse

from facilities.hours import local_now
from services.models import Menu
from tests.services.factories import MenuFactory, MenuItemFactory, ServiceAtLocationFactory, ServiceCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("staff", "staff@example.org", "a-long-password-123")
    client.force_login(user)
    return client


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
