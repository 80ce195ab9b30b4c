from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reports.models import Metric, MetricValue, Qualifier
from reports.seed import seed_reports

from .factories import AchievementFactory, MetricFactory, MetricValueFactory
from .pages import card_url

pytestmark = pytest.mark.django_db


class TestDashboard:
    def test_latest_year_by_default_with_no_earlier_year(self, manager_client, seeded):
        response = manager_client.get(reverse("reports:dashboard"))
        assert response.context["board"].year == 2023
        html = response.content.decode()
        for figure in [
            "15,493万元",
            "700余场",
            "约30万人次",
            "4.5公里",
        ]:  # with their qualifiers, as the source wrote them
            assert figure in html
        assert html.count('<article class="figure-card') == 14
        assert html.count("仅一年数据") == 14  # each card says there is only one year, in a word
        assert "未设目标" in html
        assert "<svg" not in html  # one bar is not a trend

    def test_value_target_share_and_change(self, manager_client):
        metric = MetricFactory(name="引进重点企业", unit="家")
        MetricValueFactory(metric=metric, year=2022, value=D("140"))
        MetricValueFactory(metric=metric, year=2023, value=D("161"), target=D("150"))
        response = manager_client.get(reverse("reports:dashboard"), {"year": 2023})
        [row] = response.context["board"].rows
        assert row.percent_of_target == D("107.3")
        assert row.change.absolute == D("21")
        html = response.content.decode()
        assert "目标 150家" in html
        assert "完成 107.3%" in html
        assert "+21（+15%）" in html
        assert "（上年 140家）" in html
        assert "达标" in html

    def test_headline_figures_come_first_as_cards_then_the_others_by_category(self, manager_client):
        MetricValueFactory(metric=MetricFactory(code="jobs", name="就业岗位", category="livelihood"), year=2023)
        MetricValueFactory(
            metric=MetricFactory(code="tax", name="区税收入", category="economy", headline=True), year=2023
        )
        MetricValueFactory(metric=MetricFactory(code="firms", name="引进企业", category="economy"), year=2023)
        html = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).content.decode()
        order = [
            html.index(text)
            for text in [
                "2023 年主要指标",
                "区税收入",
                "2023 年其他指标",
                "经济发展",
                "引进企业",
                "民生服务",
                "就业岗位",
                "2023 年分类概览",
            ]
        ]
        assert order == sorted(order)
        assert '<article class="figure-card" aria-labelledby="figure-tax">' in html
        assert '<article class="figure-card is-compact" aria-labelledby="figure-jobs">' in html

    def test_year_switching(self, manager_client):
        metric = MetricFactory(unit="个")
        MetricValueFactory(metric=metric, year=2021, value=D("10"))
        MetricValueFactory(metric=metric, year=2022, value=D("12"))
        MetricValueFactory(metric=metric, year=2023, value=D("9"))
        response = manager_client.get(reverse("reports:dashboard"), {"year": "2022"})
        assert response.status_code == 200
        board = response.context["board"]
        assert board.year == 2022
        [row] = board.rows
        assert row.current.value == D("12")
        assert row.previous.value == D("10")
        html = response.content.decode()
        assert '<option value="2022" selected>' in html
        assert reverse("reports:export_csv", kwargs={"year": 2022}) in html

        earliest = manager_client.get(reverse("reports:dashboard"), {"year": "2021"})
        assert "无上年数据" in earliest.content.decode()
        assert "仅一年数据" not in earliest.content.decode()  # three years: there is a trend, just no year before 2021

    def test_a_gap_year_means_no_earlier_year(self, manager_client):
        metric = MetricFactory()
        MetricValueFactory(metric=metric, year=2021)
        MetricValueFactory(metric=metric, year=2023)
        response = manager_client.get(reverse("reports:dashboard"), {"year": 2023})
        [row] = response.context["board"].rows
        assert row.previous is None and row.change is None

    def test_zero_target_and_zero_previous_are_explained(self, manager_client):
        metric = MetricFactory()
        MetricValueFactory(metric=metric, year=2022, value=D("0"))
        MetricValueFactory(metric=metric, year=2023, value=D("5"), target=D("0"))
        html = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).content.decode()
        assert "目标为 0，无法计算" in html
        assert "上年为 0，无法计算百分比" in html

    def test_approximate_figures_are_flagged(self, manager_client):
        metric = MetricFactory()
        MetricValueFactory(metric=metric, year=2022, value=D("200000"), qualifier=Qualifier.ABOUT)
        MetricValueFactory(metric=metric, year=2023, value=D("300000"), qualifier=Qualifier.ABOUT)
        html = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).content.decode()
        assert "含约数，仅供参考" in html

    @pytest.mark.parametrize("bad", ["2022", "abc", "", "99999999999999999999", "2023;drop"])
    def test_bad_year_is_a_form_error(self, manager_client, seeded, bad):
        response = manager_client.get(reverse("reports:dashboard"), {"year": bad})
        assert response.status_code == 400
        assert "board" not in response.context
        assert 'role="alert"' in response.content.decode()

    def test_a_year_typed_full_width_is_that_year(self, manager_client, seeded):
        response = manager_client.get(reverse("reports:dashboard"), {"year": "２０２３"})
        assert response.status_code == 200 and "board" in response.context

    @pytest.mark.parametrize("bad", ["٢٠٢٣", "२०२३"])
    def test_a_year_in_another_scripts_digits_is_a_form_error(self, manager_client, seeded, bad):
        response = manager_client.get(reverse("reports:dashboard"), {"year": bad})
        assert response.status_code == 400 and "数字请用 0–9 填写" in response.content.decode()

    def test_no_data_yet(self, manager_client):
        response = manager_client.get(reverse("reports:dashboard"))
        assert response.status_code == 200
        assert "还没有任何年度数据" in response.content.decode()

    def test_a_chart_only_where_there_are_two_years_or_more(self, manager_client):
        single = MetricFactory(code="single", name="只有一年")
        MetricValueFactory(metric=single, year=2023, value=D("4.5"))
        many = MetricFactory(code="many", name="很多年")
        for year in range(2000, 2024):
            MetricValueFactory(metric=many, year=year, value=D(year - 1990))
        two = MetricFactory(code="two", name="两年", headline=True)
        MetricValueFactory(metric=two, year=2022, value=D("1"))
        MetricValueFactory(metric=two, year=2023, value=D("2"))
        html = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).content.decode()
        assert html.count("<svg") == 2
        assert 'id="trend-single-title"' not in html
        assert html.count("仅一年数据") == 1
        assert "2000: 10 家; 2001: 11 家" in html
        assert 'aria-labelledby="trend-many-title trend-many-desc"' in html
        assert 'aria-labelledby="trend-two-title trend-two-desc"' in html
        # The headline card shows its trend at once; the compact one opens on demand.
        assert '<details class="figure-trend" open>' in html and '<details class="figure-trend">' in html
        assert html.count("chart-bar-current") == 2  # the year on show stands out in each chart

    def test_breakdown_by_category(self, manager_client):
        met = MetricFactory(category="livelihood")
        missed = MetricFactory(category="livelihood")
        MetricValueFactory(metric=met, year=2023, value=D("26"), target=D("26"))
        MetricValueFactory(metric=missed, year=2023, value=D("3"), target=D("5"))
        AchievementFactory(year=2023, category="environment", kind="honour")
        AchievementFactory(year=2023, category="environment", kind="highlight")
        AchievementFactory(year=2022, category="environment", kind="honour")
        board = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).context["board"]
        lines = {line.category.value: line for line in board.breakdown}
        assert lines["livelihood"].metrics_reported == 2
        assert (lines["livelihood"].targets_met, lines["livelihood"].with_target) == (1, 2)
        assert (lines["environment"].honours, lines["environment"].highlights) == (1, 1)
        assert lines["economy"].achievements == 0

    def test_portal_figures_beside_the_metrics(self, manager_client, seeded):
        from casework.seed import seed_request_settings
        from facilities.seed import seed_facilities
        from services.seed import seed_services

        seed_facilities()
        seed_services()
        seed_request_settings()
        html = manager_client.get(reverse("reports:dashboard")).content.decode()
        assert "门户自身数据" in html
        assert "152 张床位" in html
        assert "城市建设者管理者之家" in html
        assert "已发布服务" in html
        assert "条内容近 180 天内未核实（含从未核实）" in html

    def test_links_to_the_life_circle_coverage_which_managers_may_open(self, manager_client, seeded):
        html = manager_client.get(reverse("reports:dashboard")).content.decode()
        coverage = reverse("lifecircle:coverage")
        main = html[html.index("<main") : html.index("</main>")]  # the header links to it as well (accounts app)
        assert main.count(f'href="{coverage}"') == 1  # one link, in the life-circle section
        assert manager_client.get(coverage).status_code == 200

    def test_figures_are_cards_not_a_wide_table(self, manager_client, seeded):
        html = manager_client.get(reverse("reports:dashboard")).content.decode()
        assert "dashboard-table" not in html and "table-scroll" not in html
        assert html.count('<article class="figure-card') == MetricValue.objects.filter(year=2023).count()

    def test_print_button_and_print_only_summary_line(self, manager_client, seeded):
        html = manager_client.get(reverse("reports:dashboard")).content.decode()
        assert '<button type="button" class="button-small button-outline" data-print hidden>打印（A4）</button>' in html
        assert "reports/print.js" in html
        assert '<p class="print-only">万里社区服务门户 · 2023 年数据摘要 · 打印于 ' in html

    def test_request_figures_of_the_selected_year(self, manager_client, seeded):
        html = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).content.decode()
        assert "2023 年居民网上申请" in html

    def test_a_year_with_only_residents_requests_can_be_chosen(self, manager_client, seeded):
        from django.utils import timezone

        from tests.casework.factories import repair_service, submit

        request = submit(repair_service())
        this_year = timezone.localtime(request.created_at).year
        assert this_year != 2023
        opening = manager_client.get(reverse("reports:dashboard")).content.decode()
        assert f'<option value="{this_year}"' in opening
        assert "2023 年主要指标" in opening  # it still opens on the newest report-card year

        html = manager_client.get(reverse("reports:dashboard"), {"year": this_year}).content.decode()
        assert f"{this_year} 年居民网上申请" in html
        assert f"{this_year} 年还没有录入成绩单指标" in html
        assert reverse("reports:export_xlsx", args=[this_year]) not in html  # no export of an empty report

    def test_english_dashboard(self, manager_client, seeded):
        with translation.override("en"):
            url = reverse("reports:dashboard")
        html = manager_client.get(url).content.decode()
        assert "Managers' dashboard" in html
        assert "One year only" in html
        assert "Main figures, 2023" in html
        assert "Other figures, 2023" in html
        assert "No target set" in html

    def test_query_count_does_not_grow_with_rows(self, manager_client):
        def count_queries():
            with CaptureQueriesContext(connection) as queries:
                assert manager_client.get(reverse("reports:dashboard"), {"year": 2023}).status_code == 200
            return len(queries)

        metrics = Metric.objects.bulk_create(
            [Metric(code=f"bulk-{i}", name=f"批量{i}", category="economy") for i in range(50)]
        )
        MetricValue.objects.bulk_create([MetricValue(metric=metrics[0], year=2014 + i, value=D(i)) for i in range(10)])
        for _ in range(10):
            AchievementFactory(year=2023)
        count_queries()  # warm-up: the life-circle summary computes its matrix once, then reads it from the cache
        small = count_queries()
        MetricValue.objects.bulk_create(
            [MetricValue(metric=m, year=2014 + i, value=D(i)) for m in metrics[1:] for i in range(10)]
        )
        assert MetricValue.objects.count() == 500
        assert count_queries() == small


class TestPageDetails:
    def test_nav_marks_the_report_card_as_current_only_there(self, client, manager_client, seeded):
        card = client.get(card_url(2023)).content.decode()
        assert f'<a href="{card_url()}" aria-current="page">' in card
        dashboard = manager_client.get(reverse("reports:dashboard")).content.decode()
        assert f'<a href="{card_url()}">' in dashboard

    def test_honour_photo_with_alt_text(self, client, settings):
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "white").save(buffer, format="JPEG")
        AchievementFactory(
            year=2023,
            title="有照片的荣誉",
            photo=SimpleUploadedFile("honour.jpg", buffer.getvalue()),
            photo_alt_text="颁奖现场",
        )
        html = client.get(card_url(2023)).content.decode()
        assert 'alt="颁奖现场"' in html
        assert "/media/reports/2023/honour" in html

    def test_print_stylesheet_gives_an_a4_page_without_navigation(self):
        from django.contrib.staticfiles import finders

        css = open(finders.find("reports/reports.css"), encoding="utf-8").read()
        print_rules = css[css.index("@media print") :]
        assert "size: A4" in print_rules
        assert ".site-header" in print_rules and "display: none" in print_rules

    def test_highlight_links_to_its_facility_with_live_capacity(self, client):
        from facilities.seed import seed_facilities

        seed_facilities()
        seed_reports()
        html = client.get(card_url(2023)).content.decode()
        assert '/facilities/wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia/"' in html
        assert "现有 152 张床位" in html

    def test_unpublished_facility_is_not_linked(self, client):
        from tests.facilities.factories import FacilityFactory

        draft = FacilityFactory(slug="draft-place", publication_status="draft")
        AchievementFactory(year=2023, facility=draft)
        assert "/facilities/draft-place/" not in client.get(card_url(2023)).content.decode()


def test_running_total_change_is_explained(manager_client):
    from reports.models import PeriodKind

    metric = MetricFactory()
    MetricValueFactory(metric=metric, year=2022, value=D("500"), period_kind=PeriodKind.RUNNING_TOTAL)
    MetricValueFactory(metric=metric, year=2023, value=D("700"), period_kind=PeriodKind.RUNNING_TOTAL)
    html = manager_client.get(reverse("reports:dashboard"), {"year": 2023}).content.decode()
    assert "+200" in html
    assert "累计数：变化即这一年新增的部分" in html


def test_metric_without_value_in_the_selected_year(manager_client):
    old = MetricFactory(name="只有去年的指标")
    MetricValueFactory(metric=old, year=2022, value=D("5"), target=D("4"))
    MetricValueFactory(year=2023)
    response = manager_client.get(reverse("reports:dashboard"), {"year": 2023})
    assert response.status_code == 200
    html = response.content.decode()
    assert "只有去年的指标" in html
    assert "本年无数据" in html
