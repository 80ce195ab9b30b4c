"""Changes to a published facility (its record, hours, exceptions and photos) by an editor wait for a publisher."""

from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from facilities.content_version import content_version
from facilities.models import Facility, FacilityPhoto, HoursException, OpeningPeriod
from publishing.models import PendingRevision, RevisionStatus
from publishing.publishable import PublicationStatus
from wanli import roles

from .admin_forms import change_form_data
from .admin_pages import as_role, change_url
from .factories import FacilityFactory, HoursExceptionFactory, OpeningPeriodFactory
from .test_images import gps_exif, image_bytes

pytestmark = pytest.mark.django_db


def review_url(revision):
    return reverse("admin:publishing_pendingrevision_change", args=[revision.pk])


def propose(client, facility, **changes):
    """An editor opens the facility's page, changes what is given and saves."""
    data = change_form_data(client.get(change_url(facility))) | changes
    return client.post(change_url(facility), data, follow=True)


@pytest.fixture
def published():
    facility = FacilityFactory(summary="原来的简介", publication_status=PublicationStatus.PUBLISHED)
    OpeningPeriodFactory(facility=facility, weekday=0, opens=time(9), closes=time(17))
    HoursExceptionFactory(facility=facility, date=date(2026, 10, 1), is_closed=True, note="国庆闭馆")
    return facility


class TestEditorOnPublishedContent:
    def test_record_and_hours_wait_and_the_live_page_keeps_the_old_version(self, client, published):
        editor = as_role(client, roles.CONTENT_EDITOR)
        response = propose(
            client,
            published,
            summary="新的简介",
            **{"opening_periods-0-closes": "18:00", "hours_exceptions-0-DELETE": "on"},
        )
        assert "修改已提交，等待发布人审核；居民看到的仍是原来的内容" in response.content.decode()
        published.refresh_from_db()
        assert published.summary == "原来的简介"
        assert published.opening_periods.get().closes == time(17)
        assert published.hours_exceptions.count() == 1
        revision = PendingRevision.objects.pending().get()
        assert revision.proposed_by == editor
        assert revision.data["fields"] == {"summary": "新的简介"}
        assert {i["model"] for i in revision.data["inlines"]} == {
            "facilities.openingperiod",
            "facilities.hoursexception",
        }
        assert "原来的简介" in client.get(published.get_absolute_url()).content.decode()

    def test_a_draft_is_still_edited_directly(self, client, published):
        published.publication_status = PublicationStatus.DRAFT
        published.save()
        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="草稿直接改")
        published.refresh_from_db()
        assert published.summary == "草稿直接改"
        assert not PendingRevision.objects.exists()

    def test_a_publisher_edits_published_content_directly(self, client, published):
        as_role(client, roles.PUBLISHER)
        propose(client, published, summary="发布人直接改")
        published.refresh_from_db()
        assert published.summary == "发布人直接改"
        assert not PendingRevision.objects.exists()

    def test_saving_unchanged_makes_no_revision(self, client, published):
        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published)
        assert not PendingRevision.objects.exists()

    def test_a_newer_proposal_supersedes_the_open_one(self, client, published):
        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="第一次")
        page = client.get(change_url(published)).content.decode()
        assert "这条内容有一份待审核的修改" in page
        propose(client, published, summary="第二次")
        assert PendingRevision.objects.pending().get().data["fields"] == {"summary": "第二次"}
        assert PendingRevision.objects.get(status=RevisionStatus.SUPERSEDED).data["fields"] == {"summary": "第一次"}

    def test_a_new_photo_waits_too(self, client, published):
        as_role(client, roles.CONTENT_EDITOR)
        data = change_form_data(client.get(change_url(published))) | {
            "photos-TOTAL_FORMS": "1",
            "photos-0-alt_text": "门口",
            "photos-0-caption": "大门",
            "photos-0-order": "0",
            "photos-0-image": SimpleUploadedFile(
                "me.jpg", image_bytes("JPEG", exif=gps_exif()), content_type="image/jpeg"
            ),
        }
        client.post(change_url(published), data)
        assert not FacilityPhoto.objects.exists()
        revision = PendingRevision.objects.pending().get()

        as_role(client, roles.PUBLISHER)
        client.post(review_url(revision), {"_approve": "1"})
        photo = FacilityPhoto.objects.get()
        assert (photo.facility, photo.caption) == (published, "大门")
        assert photo.thumbnail  # processed (re-encoded, renditions made) by the model's own save


class TestReview:
    def test_publisher_compares_and_approves(self, client, published):
        editor = as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="新的简介", **{"opening_periods-0-closes": "18:00"})
        revision = PendingRevision.objects.pending().get()
        before = content_version()

        publisher = as_role(client, roles.PUBLISHER)
        listing = client.get(reverse("admin:publishing_pendingrevision_changelist")).content.decode()
        assert published.name in listing
        page = client.get(review_url(revision)).content.decode()
        assert "原来的简介" in page and "新的简介" in page
        assert "17:00" in page and "18:00" in page

        response = client.post(review_url(revision), {"_approve": "1"}, follow=True)
        assert "已批准" in response.content.decode()
        published.refresh_from_db()
        assert published.summary == "新的简介"
        assert published.opening_periods.get().closes == time(18)
        assert content_version() != before
        assert "新的简介" in client.get(published.get_absolute_url()).content.decode()
        revision.refresh_from_db()
        assert (revision.status, revision.decided_by) == (RevisionStatus.APPROVED, publisher)
        latest = published.history.first()
        assert latest.history_user == publisher and editor.username in latest.history_change_reason
        assert OpeningPeriod.history.filter(facility_id=published.pk).first().history_user == publisher

    def test_reject_keeps_the_live_version_and_needs_a_reason(self, client, published):
        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="不对的简介")
        revision = PendingRevision.objects.pending().get()
        as_role(client, roles.PUBLISHER)
        assert "驳回时请写明原因" in client.post(review_url(revision), {"_reject": "1"}).content.decode()
        client.post(review_url(revision), {"_reject": "1", "reason": "简介有误"})
        revision.refresh_from_db()
        published.refresh_from_db()
        assert (revision.status, revision.reason) == (RevisionStatus.REJECTED, "简介有误")
        assert published.summary == "原来的简介"

    def test_an_editor_cannot_approve_even_by_forging_the_post(self, client, published):
        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="自己批准")
        revision = PendingRevision.objects.pending().get()
        page = client.get(review_url(revision))
        assert page.status_code == 200 and 'name="_approve"' not in page.content.decode()
        assert client.post(review_url(revision), {"_approve": "1"}).status_code == 403
        assert client.post(review_url(revision), {"_reject": "1", "reason": "x"}).status_code == 403
        published.refresh_from_db()
        assert published.summary == "原来的简介"
        assert PendingRevision.objects.get().is_pending

    def test_a_publisher_of_services_cannot_decide_on_a_facility(self, client, published):
        from django.contrib.auth.models import Permission

        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="别人批准")
        revision = PendingRevision.objects.pending().get()
        user = as_role(client, roles.CONTENT_EDITOR)
        user.user_permissions.add(Permission.objects.get(codename="publish_service"))
        assert client.post(review_url(revision), {"_approve": "1"}).status_code == 403

    def test_approving_twice_or_after_the_live_content_moved_on_is_refused(self, client, published):
        as_role(client, roles.CONTENT_EDITOR)
        propose(client, published, summary="编辑的修改")
        revision = PendingRevision.objects.pending().get()
        as_role(client, roles.PUBLISHER)
        propose(client, published, name="发布人改了名称")
        response = client.post(review_url(revision), {"_approve": "1"}, follow=True)
        assert "提交之后线上内容又被修改过" in response.content.decode()
        published.refresh_from_db()
        assert (published.summary, published.name) == ("原来的简介", "发布人改了名称")
        client.post(review_url(revision), {"_reject": "1", "reason": "过时了"})
        assert client.post(review_url(revision), {"_approve": "1"}, follow=True).status_code == 200
        assert PendingRevision.objects.get().status == RevisionStatus.REJECTED

    def test_a_missing_revision_is_404(self, client):
        as_role(client, roles.PUBLISHER)
        assert client.get(reverse("admin:publishing_pendingrevision_change", args=[999])).status_code == 404


def test_editor_restoring_an_old_version_of_published_content_waits_too(client, published):
    published.summary = "第二版"
    published.save()
    old = published.history.order_by("history_id").first()
    as_role(client, roles.CONTENT_EDITOR)
    url = reverse("admin:facilities_facility_simple_history", args=[published.pk, old.history_id])
    data = change_form_data(client.get(url))
    client.post(url, data)
    published.refresh_from_db()
    assert published.summary == "第二版"
    assert PendingRevision.objects.pending().get().data["fields"]["summary"] == "原来的简介"


def test_deleted_inline_row_gone_before_approval_is_refused(client, published):
    as_role(client, roles.CONTENT_EDITOR)
    propose(client, published, **{"opening_periods-0-closes": "18:00"})
    revision = PendingRevision.objects.pending().get()
    Facility.objects.get(pk=published.pk).opening_periods.all().delete()
    as_role(client, roles.PUBLISHER)
    response = client.post(review_url(revision), {"_approve": "1"}, follow=True)
    assert "已被删除" in response.content.decode()
    assert PendingRevision.objects.get().is_pending
    assert not HoursException.objects.filter(facility=published, note="").exists()


class TestPhotoOnItsOwnPage:
    """The photo admin is a second way to change a published facility: it waits for review too."""

    def photo(self, facility, caption="原来的说明"):
        return FacilityPhoto.objects.create(
            facility=facility,
            alt_text="门口",
            caption=caption,
            image=SimpleUploadedFile("a.jpg", image_bytes("JPEG"), content_type="image/jpeg"),
        )

    def test_adding_changing_and_deleting_wait_for_review(self, client, published):
        photo = self.photo(published)
        as_role(client, roles.CONTENT_EDITOR)
        add = client.post(
            reverse("admin:facilities_facilityphoto_add"),
            {
                "facility": published.pk,
                "alt_text": "新照片",
                "caption": "新照片",
                "order": "0",
                "image": SimpleUploadedFile("new.jpg", image_bytes("JPEG"), content_type="image/jpeg"),
            },
            follow=True,
        )
        assert "等待发布人审核" in add.content.decode()
        change_page = client.get(reverse("admin:facilities_facilityphoto_change", args=[photo.pk]))
        assert "facility" not in change_page.context["adminform"].form.fields  # cannot be moved off unreviewed
        client.post(
            reverse("admin:facilities_facilityphoto_change", args=[photo.pk]),
            {
                "alt_text": "门口",
                "caption": "改过的说明",
                "order": "0",
            },
        )
        assert FacilityPhoto.objects.get().caption == "原来的说明"
        revision = PendingRevision.objects.pending().get()
        assert [row["pk"] for row in revision.data["inlines"][0]["rows"]] == [None, photo.pk]

        as_role(client, roles.PUBLISHER)
        client.post(review_url(revision), {"_approve": "1"})
        assert sorted(FacilityPhoto.objects.values_list("caption", flat=True)) == ["改过的说明", "新照片"]

    def test_an_editor_deleting_a_photo_of_a_published_facility_waits(self, client, published):
        photo = self.photo(published)
        as_role(client, roles.CONTENT_EDITOR)
        client.post(reverse("admin:facilities_facilityphoto_delete", args=[photo.pk]), {"post": "yes"})
        assert FacilityPhoto.objects.filter(pk=photo.pk).exists()
        assert PendingRevision.objects.pending().get().data["inlines"][0]["rows"] == [
            {"pk": photo.pk, "delete": True, "fields": {}},
        ]

    def test_photos_of_a_draft_change_at_once(self, client, published):
        published.publication_status = PublicationStatus.DRAFT
        published.save()
        photo = self.photo(published)
        as_role(client, roles.CONTENT_EDITOR)
        client.post(
            reverse("admin:facilities_facilityphoto_change", args=[photo.pk]),
            {
                "facility": published.pk,
                "alt_text": "门口",
                "caption": "草稿的照片",
                "order": "0",
            },
        )
        assert FacilityPhoto.objects.get().caption == "草稿的照片"
        assert not PendingRevision.objects.exists()
