"""The real seed of the report card: every 2023 figure and honour in the source article (shared/seed), nothing else.

No other year is seeded: the article gives no earlier figures, so the dashboard honestly shows
"no earlier year". Seeding only creates what is missing and never overwrites a row, so re-running it cannot
undo what staff have corrected in admin. Capacities such as the builders' home's 152 beds are not yearly
figures: they live on the facility (facilities.seed) and the dashboard reads them from there.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from facilities.models import Facility
from facilities.seed import SOURCE_NOTE

from .models import Achievement, AchievementKind, Category, Level, Metric, MetricValue, PeriodKind, Qualifier

YEAR = 2023
RUNNING_TOTAL_NOTE = "自运营以来累计；原文未写明截至日期。"
RUNNING_TOTAL_NOTE_EN = "Running total since the centre opened; the source gives no 'as of' date."


@dataclass
class SeedFigure:
    code: str
    name: str
    name_en: str
    category: str
    unit: str
    unit_en: str
    value: str
    headline: bool = False
    qualifier: str = Qualifier.EXACT
    period_kind: str = PeriodKind.YEAR
    note: str = ""
    note_en: str = ""


C = Category
FIGURES = [
    SeedFigure(
        "district-tax",
        "区税收入",
        "District tax revenue",
        C.ECONOMY,
        "万元",
        "× 10,000 yuan",
        "15493",
        headline=True,
        note="超额完成既定目标任务（原文未公布目标数）。",
        note_en="Above the year's target (the target figure was not published).",
    ),
    SeedFigure(
        "district-tax-existing-non-real-estate",
        "其中：非房存量企业区税",
        "of which: from existing non-real-estate enterprises",
        C.ECONOMY,
        "万元",
        "× 10,000 yuan",
        "10397",
    ),
    SeedFigure("new-district-tax", "新增区税", "New district tax", C.ECONOMY, "万元", "× 10,000 yuan", "5096"),
    SeedFigure(
        "new-district-tax-growth",
        "新增区税同比增长",
        "New district tax, growth on the year before",
        C.ECONOMY,
        "%",
        "%",
        "9.43",
        note="原文只给出增长率，没有给出2022年的基数，因此单独记录为一项指标。",
        note_en="The source gives the growth rate but not the 2022 base, so the rate is kept as a figure of its own.",
    ),
    SeedFigure(
        "key-enterprises-attracted",
        "引进重点企业",
        "Key enterprises attracted",
        C.ECONOMY,
        "家",
        "companies",
        "161",
        headline=True,
    ),
    SeedFigure(
        "key-project-signing-enterprises",
        "推荐参加普陀区重点项目集中签约的企业",
        "Enterprises put forward for Putuo's key-project signing",
        C.ECONOMY,
        "家",
        "companies",
        "7",
    ),
    SeedFigure(
        "livelihood-projects",
        "“靠谱”民生实事项目",
        "'Kaopu' livelihood projects",
        C.LIVELIHOOD,
        "项",
        "projects",
        "26",
        headline=True,
    ),
    SeedFigure(
        "livelihood-projects-completion",
        "民生实事全年目标完成率",
        "Livelihood projects: share of the year's targets met",
        C.LIVELIHOOD,
        "%",
        "%",
        "100",
        headline=True,
    ),
    SeedFigure(
        "yizuo-yishu-chairs",
        "万里公园“一座一书”座椅",
        "'One Seat, One Book' in Wanli Park: chairs",
        C.LIVELIHOOD,
        "把",
        "chairs",
        "100",
    ),
    SeedFigure(
        "yizuo-yishu-books",
        "万里公园“一座一书”图书",
        "'One Seat, One Book' in Wanli Park: books",
        C.LIVELIHOOD,
        "本",
        "books",
        "100",
        note="文字阅读与声音聆听相结合，与上海市作家协会共同打造。",
        note_en="Text and audio, made with the Shanghai Writers' Association.",
    ),
    SeedFigure(
        "waterfront-belt-length",
        "万里城滨水活力带全线贯通",
        "Wanli City waterfront belt, fully connected",
        C.ENVIRONMENT,
        "公里",
        "km",
        "4.5",
        headline=True,
    ),
    SeedFigure(
        "city-appearance-excellent-years",
        "连续获评上海市市容满意度测评“优秀”（全区唯一）",
        "Years running rated 'excellent' in Shanghai's city-appearance survey (the district's only one)",
        C.ENVIRONMENT,
        "年",
        "years",
        "3",
    ),
    SeedFigure(
        "new-employment-centre-activities",
        "万有引力新就业群体党群服务中心开展活动",
        "Activities held by the Wanyouyinli centre for new-employment groups",
        C.GOVERNANCE,
        "场",
        "activities",
        "700",
        qualifier=Qualifier.AT_LEAST,
        period_kind=PeriodKind.RUNNING_TOTAL,
        note=RUNNING_TOTAL_NOTE,
        note_en=RUNNING_TOTAL_NOTE_EN,
    ),
    SeedFigure(
        "new-employment-centre-visits",
        "万有引力新就业群体党群服务中心服务人次",
        "Visits served by the Wanyouyinli centre for new-employment groups",
        C.GOVERNANCE,
        "人次",
        "visits",
        "300000",
        headline=True,
        qualifier=Qualifier.ABOUT,
        period_kind=PeriodKind.RUNNING_TOTAL,
        note=RUNNING_TOTAL_NOTE + "原文为“近30万人次”。",
        note_en=RUNNING_TOTAL_NOTE_EN + " The source says 'nearly 300,000'.",
    ),
]


@dataclass
class SeedAchievement:
    title: str
    title_en: str
    category: str
    kind: str = AchievementKind.HIGHLIGHT
    level: str = ""
    awarding_body: str = ""
    awarding_body_en: str = ""
    highlighted: bool = False
    description: str = ""
    description_en: str = ""
    facility: str = ""  # slug of the seeded facility it concerns (facilities.seed)


H = AchievementKind.HONOUR
ACHIEVEMENTS = [
    # Honours
    SeedAchievement(
        "作为上海市唯一社区案例入选世界城市日《上海手册》",
        "Chosen for the World Cities Day Shanghai Manual, the only community case from Shanghai",
        C.GOVERNANCE,
        kind=H,
        level=Level.INTERNATIONAL,
        highlighted=True,
        awarding_body="联合国人居署、住房和城乡建设部、上海市人民政府",
        awarding_body_en="UN-Habitat, the Ministry of Housing and Urban-Rural Development and the Shanghai Municipal People's Government",
        description="为全球可持续城市社区建设提供“上海样本”。",
        description_en="A 'Shanghai example' for building sustainable urban communities worldwide.",
    ),
    SeedAchievement(
        "创成全区首个上海市园林街道",
        "The district's first Shanghai-level 'garden sub-district'",
        C.ENVIRONMENT,
        kind=H,
        level=Level.MUNICIPAL,
        highlighted=True,
    ),
    SeedAchievement(
        "连续三年获评上海市市容满意度测评全区唯一“优秀”",
        "Rated 'excellent' in Shanghai's city-appearance satisfaction survey three years running, the only one in the district",
        C.ENVIRONMENT,
        kind=H,
        level=Level.MUNICIPAL,
    ),
    SeedAchievement(
        "舒心湾户外职工爱心接力站获评2023年“最美驿站”",
        "Shuxinwan relay station for outdoor workers named a 2023 'Most Beautiful Station'",
        C.LIVELIHOOD,
        kind=H,
        level=Level.NATIONAL,
        awarding_body="中华全国总工会",
        facility="shuxinwan-xinjiuye-dangqun-fuwu-zhongxin",
        awarding_body_en="All-China Federation of Trade Unions",
        description="舒心湾新业态新就业群体党群服务中心的户外职工爱心接力站。",
        description_en="The relay station for outdoor workers at the Shuxinwan centre for new-employment groups.",
    ),
    SeedAchievement(
        "“万里·一座一书”入选上海市民“家门口的好去处”",
        "'One Seat, One Book' chosen as one of Shanghai's 'good places on your doorstep'",
        C.LIVELIHOOD,
        kind=H,
        level=Level.MUNICIPAL,
        facility="wanli-gongyuan-yi-zuo-yi-shu",
    ),
    # Highlights of the year's work
    SeedAchievement(
        "全线贯通4.5公里万里城滨水活力带",
        "4.5 km Wanli City waterfront belt fully connected",
        C.ENVIRONMENT,
        highlighted=True,
        description="串联起服务设施、商业商圈、比邻党群驿站等“15分钟社区生活圈”重要节点。",
        description_en="It links the nodes of the 15-minute community life circle: services, shops and neighbourhood stations.",
    ),
    SeedAchievement(
        "万里公园完成全要素景观功能提升",
        "Wanli Park fully renovated",
        C.ENVIRONMENT,
        facility="wanli-gongyuan",
        description="问需于民，一并解决了道路积水点、公厕、儿童园地等群众集中反映的问题。",
        description_en="After asking residents, waterlogging points, public toilets and the children's play area were fixed.",
    ),
    SeedAchievement(
        "推进全域架空线示范街道建设",
        "Overhead-line demonstration sub-district under way",
        C.ENVIRONMENT,
    ),
    SeedAchievement(
        "统筹推进全市首批慢行示范区建设",
        "Among Shanghai's first slow-traffic demonstration areas",
        C.ENVIRONMENT,
        description="打造更多慢行骑行道、智慧步道。",
        description_en="More cycling lanes and smart walking trails.",
    ),
    SeedAchievement(
        "辖区可加梯小区全面破零",
        "Every estate where a lift can be added now has at least one",
        C.LIVELIHOOD,
        highlighted=True,
    ),
    SeedAchievement(
        "社区“宝宝屋”、中浩云片区综合养老服务中心建设启用",
        "Community baby house and the Zhonghaoyun comprehensive elderly-care centre opened",
        C.LIVELIHOOD,
        description="聚焦“一老一小”。",
        description_en="For the elderly and the very young.",
    ),
    SeedAchievement(
        "香泉“智助食堂”开业，建成普陀首个园区“智慧食堂”",
        "Xiangquan canteen opened, and Putuo's first canteen inside a business park",
        C.LIVELIHOOD,
        facility="xiangquan-zhizhu-shitang",
    ),
    SeedAchievement(
        "开办全国首个新就业群体子女爱心暑托班",
        "The country's first summer day-care class for children of new-employment workers",
        C.LIVELIHOOD,
    ),
    SeedAchievement(
        "启用一站式万有引力“新时代城市建设者管理者之家”",
        "One-stop Home for City Builders and Managers opened",
        C.GOVERNANCE,
        highlighted=True,
        facility="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia",
        description="汇集152张床位、社区食堂、社区宝宝屋、日间照料中心，回应新就业群体“一张床”“一老一小两个牵挂”“三顿饭”的需求。",
        description_en="152 beds, a community canteen, a baby house and a day-care centre for riders, couriers and other new-employment workers.",
    ),
    SeedAchievement(
        "启用全区首家一站式“万里无忧·靠谱解纷中心”",
        "The district's first one-stop dispute-resolution centre opened",
        C.GOVERNANCE,
        facility="wanli-wuyou-kaopu-jiefen-zhongxin",
        description="完善家门口信访服务体系。",
        description_en="Petition services on the doorstep.",
    ),
    SeedAchievement(
        "全市首家普陀区—华师大心理学科普馆",
        "Shanghai's first psychology science hall with East China Normal University",
        C.GOVERNANCE,
        facility="putuo-huashida-xinlixue-kepuguan",
        description="以“专业 + 公益 + 普惠”模式服务居民。",
        description_en="Professional, public-interest and open to all.",
    ),
    SeedAchievement(
        "打造全区首个党建引领“双业红”创新实践基地",
        "The district's first 'Shuangyehong' training base for grassroots governance",
        C.GOVERNANCE,
        facility="shuangyehong-shixun-gongzuoshi",
        description="汇聚课程库、案例集、比武场、分享地四大功能。",
        description_en="A course library, a case collection, a competition arena and a sharing space.",
    ),
    SeedAchievement(
        "推进解决早期商品房老旧电梯大修及物业费调价",
        "Old lifts overhauled and property fees adjusted in early estates",
        C.GOVERNANCE,
        description="居委会、业委会、物业公司“三驾马车”协同发力。",
        description_en="Residents' committees, owners' committees and property companies working together.",
    ),
    SeedAchievement(
        "“一网通办”远程视频帮办，建成全区首批远程虚拟窗口",
        "Remote video help for online government services; among the district's first remote virtual windows",
        C.GOVERNANCE,
        facility="shequ-gonggong-fuwu-zhongxin",
    ),
    SeedAchievement(
        "启用全市首批灵活用工市场",
        "Among Shanghai's first flexible-employment markets",
        C.ECONOMY,
        facility="linghuo-yonggong-shichang",
        description="搭建灵活就业人员与企业服务平台，丰富“15分钟就业服务圈”。",
        description_en="Matching flexible workers with employers, part of a 15-minute employment-service circle.",
    ),
]


def _metric_order(index: int) -> int:
    return (index + 1) * 10


@transaction.atomic
def seed_reports() -> dict[str, int]:
    """Creates the 2023 metrics, values and achievements that are missing; returns how many of each were created."""
    created = {"metrics": 0, "metric_values": 0, "achievements": 0}
    for index, item in enumerate(FIGURES):
        metric = Metric.objects.filter(code=item.code).first()
        if metric is None:
            metric = Metric(
                code=item.code,
                name=item.name,
                name_en=item.name_en,
                category=item.category,
                unit=item.unit,
                unit_en=item.unit_en,
                headline=item.headline,
                order=_metric_order(index),
            )
            metric.full_clean()
            metric.save()
            created["metrics"] += 1
        if MetricValue.objects.filter(metric=metric, year=YEAR).exists():
            continue
        value = MetricValue(
            metric=metric,
            year=YEAR,
            value=Decimal(item.value),
            qualifier=item.qualifier,
            period_kind=item.period_kind,
            note=item.note,
            note_en=item.note_en,
            source=SOURCE_NOTE,
        )
        value.full_clean()
        value.save()
        created["metric_values"] += 1
    for index, item in enumerate(ACHIEVEMENTS):
        if Achievement.objects.filter(year=YEAR, title=item.title).exists():
            continue
        achievement = Achievement(
            year=YEAR,
            kind=item.kind,
            category=item.category,
            title=item.title,
            title_en=item.title_en,
            description=item.description,
            description_en=item.description_en,
            level=item.level,
            awarding_body=item.awarding_body,
            awarding_body_en=item.awarding_body_en,
            highlighted=item.highlighted,
            source=SOURCE_NOTE,
            order=_metric_order(index),
            facility=Facility.objects.filter(slug=item.facility).first() if item.facility else None,
        )
        achievement.full_clean()
        achievement.save()
        created["achievements"] += 1
    return created
