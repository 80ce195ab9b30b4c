"""Changes to a published service (with its places) or menu (with its dishes) by an editor wait for a publisher;
publishing a menu takes the menu publish permission."""

from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from publishing.models import PendingRevision
from publishing.publishable import PublicationStatus
from services.models import Menu, ServiceAtLocation
from tests.facilities.admin_forms import change_form_data
from tests.facilities.factories import FacilityFactory
from tests.services.factories import MenuFactory, MenuItemFactory, ServiceAtLocationFactory, ServiceFactory
from tests.wanli.factories import StaffUserFactory
from wanli import roles

pytestmark = pytest.mark.django_db


def login(client, role):
    user = StaffUserFactory(role=role)
    client.force_login(user)
    return user


def review_url(revision):
    return reverse("admin:publishing_pendingrevision_change", args=[revision.pk])


def approve(client, revision):
    login(client, roles.PUBLISHER)
    response = client.post(review_url(revision), {"_approve": "1"}, follow=True)
    assert "已批准" in response.content.decode()


class TestService:
    def test_record_and_places_wait_then_go_live_on_approval(self, client):
        service = ServiceFactory(summary="原来的服务简介")
        kept = ServiceAtLocationFactory(service=service, note="原来的说明")
        dropped = ServiceAtLocationFactory(service=service)
        new_place = FacilityFactory(name="新增的地点")
        url = reverse("admin:services_service_change", args=[service.pk])
        login(client, roles.CONTENT_EDITOR)
        data = change_form_data(client.get(url))
        forms = {data[f"locations-{i}-id"]: i for i in range(2)}
        keep, drop = forms[kept.pk], forms[dropped.pk]
        data |= {
            "summary": "新的服务简介",
            f"locations-{keep}-note": "新的说明",
            f"locations-{drop}-DELETE": "on",
            "locations-TOTAL_FORMS": "3",
            "locations-2-facility": str(new_place.pk),
            "locations-2-note": "",
        }
        response = client.post(url, data, follow=True)
        assert "等待发布人审核" in response.content.decode()

        page = client.get(service.get_absolute_url()).content.decode()
        assert "原来的服务简介" in page and "原来的说明" in page and "新增的地点" not in page
        assert set(service.locations.all()) == {kept, dropped}

        revision = PendingRevision.objects.pending().get()
        login(client, roles.PUBLISHER)
        review = client.get(review_url(revision)).content.decode()
        assert "原来的说明" in review and "新的说明" in review and "新增的地点" in review

        approve(client, revision)
        page = client.get(service.get_absolute_url()).content.decode()
        assert "新的服务简介" in page and "新的说明" in page and "新增的地点" in page
        assert set(ServiceAtLocation.objects.filter(service=service).values_list("facility", flat=True)) == {
            kept.facility_id,
            new_place.pk,
        }


class TestMenu:
    def test_publish_action_is_hidden_from_and_refused_to_an_editor(self, client):
        draft = MenuFactory(publication_status=PublicationStatus.DRAFT)
        changelist = reverse("admin:services_menu_changelist")
        login(client, roles.CONTENT_EDITOR)
        offered = {name for name, _ in client.get(changelist).context["action_form"].fields["action"].choices}
        assert "publish" not in offered and "copy_to_next_week" in offered
        client.post(changelist, {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [draft.pk]})
        draft.refresh_from_db()
        assert draft.publication_status == PublicationStatus.DRAFT

        login(client, roles.PUBLISHER)
        client.post(changelist, {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [draft.pk]})
        draft.refresh_from_db()
        assert draft.publication_status == PublicationStatus.PUBLISHED

    def test_an_editor_cannot_publish_in_the_form_either(self, client):
        draft = MenuFactory(publication_status=PublicationStatus.DRAFT)
        url = reverse("admin:services_menu_change", args=[draft.pk])
        login(client, roles.CONTENT_EDITOR)
        page = client.get(url)
        assert "publication_status" not in page.context["adminform"].form.fields
        client.post(url, change_form_data(page) | {"publication_status": "published", "note": "草稿直接改"})
        draft.refresh_from_db()
        assert (draft.publication_status, draft.note) == (PublicationStatus.DRAFT, "草稿直接改")

    def test_a_changed_price_waits_then_goes_live(self, client):
        item = MenuItemFactory(dish="红烧肉", price=Decimal("12.00"))
        menu = item.menu
        url = reverse("admin:services_menu_change", args=[menu.pk])
        login(client, roles.CONTENT_EDITOR)
        client.post(url, change_form_data(client.get(url)) | {"items-0-price": "15.00"})
        item.refresh_from_db()
        assert item.price == Decimal("12.00")
        assert "12.00" in client.get(menu.facility.get_absolute_url()).content.decode()

        approve(client, PendingRevision.objects.pending().get())
        item.refresh_from_db()
        assert item.price == Decimal("15.00")
        assert "15.00" in client.get(menu.facility.get_absolute_url()).content.decode()
        assert Menu.objects.get(pk=menu.pk).items.count() == 1


def test_a_place_changed_on_its_own_page_waits_for_review(client):
    link = ServiceAtLocationFactory(note="原来的说明")
    url = reverse("admin:services_serviceatlocation_change", args=[link.pk])
    login(client, roles.CONTENT_EDITOR)
    client.post(url, {"facility": link.facility_id, "note": "新的说明", "note_en": "", "phone": "", "hours_note": ""})
    link.refresh_from_db()
    assert link.note == "原来的说明"
    approve(client, PendingRevision.objects.pending().get())
    link.refresh_from_db()
    assert link.note == "新的说明"


def test_an_editor_cannot_delete_a_published_menu_but_can_delete_a_draft(client):
    published, draft = MenuFactory(), MenuFactory(publication_status=PublicationStatus.DRAFT, meal="dinner")
    login(client, roles.CONTENT_EDITOR)
    assert client.post(reverse("admin:services_menu_delete", args=[published.pk]), {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:services_menu_changelist"),
        {
            "action": "delete_selected",
            helpers.ACTION_CHECKBOX_NAME: [published.pk],
            "post": "yes",
        },
    )
    assert Menu.objects.filter(pk=published.pk).exists()
    client.post(reverse("admin:services_menu_delete", args=[draft.pk]), {"post": "yes"})
    assert not Menu.objects.filter(pk=draft.pk).exists()


def test_a_proposal_that_no_longer_fits_is_refused_with_a_message_not_an_error(client):
    service = ServiceFactory()
    place = FacilityFactory()
    login(client, roles.CONTENT_EDITOR)
    client.post(
        reverse("admin:services_serviceatlocation_add"),
        {
            "service": service.pk,
            "facility": place.pk,
            "note": "编辑加的",
            "note_en": "",
            "phone": "",
            "hours_note": "",
        },
    )
    revision = PendingRevision.objects.pending().get()
    ServiceAtLocationFactory(service=service, facility=place, note="发布人先加了")  # same pair, added directly

    login(client, roles.PUBLISHER)
    response = client.post(review_url(revision), {"_approve": "1"}, follow=True)
    assert response.status_code == 200
    assert "不能批准" in response.content.decode()
    assert list(ServiceAtLocation.objects.filter(service=service).values_list("note", flat=True)) == ["发布人先加了"]
    assert PendingRevision.objects.get().is_pending
