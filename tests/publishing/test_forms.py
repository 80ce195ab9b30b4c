"""The optimistic-lock form on its own: a form built on an old version is refused, a current one is not."""

import pytest

from facilities.models import Facility
from publishing.forms import VersionedModelForm

from ..facilities.factories import FacilityFactory

pytestmark = pytest.mark.django_db


class SummaryForm(VersionedModelForm):
    class Meta:
        model = Facility
        fields = ["summary", "version"]


def test_unbound_form_carries_the_stored_version():
    facility = FacilityFactory()
    stale_copy = Facility.objects.get(pk=facility.pk)
    facility.save()
    assert SummaryForm(instance=stale_copy).initial["version"] == facility.version


def test_stale_version_is_refused_and_current_one_saves():
    facility = FacilityFactory()
    seen = facility.version
    Facility.objects.get(pk=facility.pk).save()  # a colleague saves in between

    stale = SummaryForm({"summary": "我的修改", "version": seen}, instance=Facility.objects.get(pk=facility.pk))
    assert not stale.is_valid()
    assert "其他同事已经修改并保存" in str(stale.non_field_errors())

    current = Facility.objects.get(pk=facility.pk)
    fresh = SummaryForm({"summary": "我的修改", "version": current.version}, instance=current)
    assert fresh.is_valid(), fresh.errors
    fresh.save()
    assert Facility.objects.get(pk=facility.pk).summary == "我的修改"


def test_empty_version_is_refused_and_a_form_without_the_field_is_not_checked():
    facility = FacilityFactory()
    assert not SummaryForm({"summary": "x", "version": ""}, instance=facility).is_valid()
    assert SummaryForm({"summary": "x"}, instance=Facility.objects.get(pk=facility.pk)).is_valid()


def test_new_rows_need_no_version():
    """Creating has nothing to be stale against."""
    form = SummaryForm({"summary": "x"})
    form.is_valid()
    assert "version" not in form.errors
    assert not form.non_field_errors()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_only_one_wins():
    """Both editors opened version N; their saves arrive together. The row lock makes the second one wait,
    see version N+1 and be refused, whichever comes first."""
    import threading

    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    facility = FacilityFactory()
    seen = facility.version
    both_ready = threading.Barrier(2)
    outcomes = []

    def save(summary):
        try:
            with transaction.atomic():
                form = SummaryForm({"summary": summary, "version": seen}, instance=Facility.objects.get(pk=facility.pk))
                both_ready.wait()
                if form.is_valid():
                    form.save()
                    outcomes.append(("saved", summary))
                else:
                    outcomes.append(("refused", summary))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(s,)) for s in ("甲的修改", "乙的修改")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result for result, _ in outcomes) == ["refused", "saved"]
    winner = next(summary for result, summary in outcomes if result == "saved")
    assert Facility.objects.get(pk=facility.pk).summary == winner
