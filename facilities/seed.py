"""The real seed: every facility named in the source article (shared/seed), with only the facts it gives.

The article gives no addresses, phones, opening hours or coordinates, so none are set here; every place
is marked "location not verified". Seeding only creates what is missing and never overwrites a row, so
re-running it cannot undo what staff have corrected in admin.
"""

from dataclasses import dataclass, field

from django.db import transaction

from publishing.publishable import PublicationStatus

from .models import Audience, AudienceCode, Estate, Facility, FacilityKind

SOURCE_NOTE = "《一起解锁万里街道 2023年成绩单》及党工委书记访谈（普陀区融媒体中心）"

KINDS = [
    # slug, Chinese, English, order
    ("canteen", "食堂", "Canteen", 10),
    ("party-mass-station", "党群服务站/驿站", "Party-mass service station", 20),
    ("party-mass-centre", "党群服务中心", "Party-mass service centre", 25),
    ("builders-home", "城市建设者管理者之家", "City builders' home", 30),
    ("baby-house", "宝宝屋", "Baby house (childcare)", 40),
    ("elderly-care", "养老服务中心", "Elderly-care centre", 50),
    ("public-service-centre", "社区公共服务中心", "Community public-service centre", 60),
    ("dispute-resolution", "矛盾纠纷调解中心", "Dispute-resolution centre", 70),
    ("park", "公园", "Park", 80),
    ("culture", "文化科普场馆", "Culture and science venue", 90),
    ("employment", "就业服务", "Employment service", 100),
    ("training", "培训基地", "Training base", 110),
]


@dataclass
class SeedFacility:
    slug: str
    name: str
    name_en: str
    kind: str
    summary: str
    summary_en: str = ""
    description: str = ""
    audiences: list[str] = field(default_factory=list)
    parent: str = ""
    capacity: int | None = None
    capacity_unit: str = ""
    capacity_unit_en: str = ""


E = AudienceCode
FACILITIES = [
    SeedFacility(
        slug="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia",
        name="万有引力“新时代城市建设者管理者之家”",
        name_en="Wanyouyinli Home for City Builders and Managers",
        kind="builders-home",
        summary="一站式服务新就业群体：152张床位、社区食堂、社区宝宝屋、日间照料中心，回应“一张床”“一老一小两个牵挂”“三顿饭”的需求。",
        summary_en="One-stop home for riders, couriers and other new-employment workers: 152 beds, a community canteen, a baby house and a day-care centre.",
        description="汇聚“医食住行”全方位资源，让入住群体足不出楼就能享受各类服务。"
        "未来将把比邻党群服务站、职工之家、青年中心、家庭医生工作室延伸服务点的功能叠加嵌入（规划中）。",
        audiences=[E.NEW_EMPLOYMENT],
        capacity=152,
        capacity_unit="张床位",
        capacity_unit_en="beds",
    ),
    SeedFacility(
        slug="jianshezhe-zhi-jia-shequ-shitang",
        name="城市建设者管理者之家·社区食堂",
        name_en="Community canteen at the City Builders' Home",
        kind="canteen",
        summary="设在城市建设者管理者之家内的社区食堂，解决“三顿饭”。",
        summary_en="The community canteen inside the City Builders' Home.",
        audiences=[E.NEW_EMPLOYMENT],
        parent="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia",
    ),
    SeedFacility(
        slug="jianshezhe-zhi-jia-baobaowu",
        name="城市建设者管理者之家·社区宝宝屋",
        name_en="Baby house at the City Builders' Home",
        kind="baby-house",
        summary="设在城市建设者管理者之家内的社区宝宝屋，照看新就业群体的幼儿。",
        summary_en="The community baby house inside the City Builders' Home.",
        audiences=[E.NEW_EMPLOYMENT, E.CHILDREN_FAMILIES],
        parent="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia",
    ),
    SeedFacility(
        slug="jianshezhe-zhi-jia-rijian-zhaoliao-zhongxin",
        name="城市建设者管理者之家·日间照料中心",
        name_en="Day-care centre at the City Builders' Home",
        kind="elderly-care",
        summary="设在城市建设者管理者之家内的日间照料中心，回应“一老一小”的牵挂。",
        summary_en="The day-care centre inside the City Builders' Home.",
        audiences=[E.NEW_EMPLOYMENT, E.ELDERLY],
        parent="wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia",
    ),
    SeedFacility(
        slug="wanyouyinli-xinjiuye-dangqun-fuwu-zhongxin",
        name="万有引力新业态新就业群体党群服务中心",
        name_en="Wanyouyinli Party-Mass Service Centre for New-Employment Groups",
        kind="party-mass-centre",
        summary="全市首家新业态新就业群体党群服务中心，提供理论学习、权益保障、技能培训等20余项功能服务。",
        summary_en="Shanghai's first party-mass service centre for new-employment groups, with 20+ services such as rights protection and skills training.",
        description="自运营以来，已累计开展党课教育、文体康养、技能提升等活动700余场，服务各类人群近30万人次。",
        audiences=[E.NEW_EMPLOYMENT],
    ),
    SeedFacility(
        slug="shuxinwan-xinjiuye-dangqun-fuwu-zhongxin",
        name="舒心湾新业态新就业群体党群服务中心",
        name_en="Shuxinwan Party-Mass Service Centre for New-Employment Groups",
        kind="party-mass-centre",
        summary="其户外职工爱心接力站获评全国总工会2023年“最美驿站”。",
        summary_en="Its relay station for outdoor workers was named a 2023 'Most Beautiful Station' by the All-China Federation of Trade Unions.",
        audiences=[E.NEW_EMPLOYMENT],
    ),
    SeedFacility(
        slug="wanli-gongyuan",
        name="万里公园",
        name_en="Wanli Park",
        kind="park",
        summary="贯穿万里城南北轴线的公园，2023年完成全要素景观功能提升，改善了积水点、公厕和儿童园地。",
        summary_en="The park along Wanli City's north–south axis, fully renovated in 2023.",
        audiences=[E.ALL_RESIDENTS],
    ),
    SeedFacility(
        slug="wanli-gongyuan-binlin-dangqun-fuwuzhan",
        name="万里公园比邻党群服务站",
        name_en="Binlin Party-Mass Service Station in Wanli Park",
        kind="party-mass-station",
        summary="提供“小修小补”便民服务：志愿者义务维修电热水壶、电饭煲直至电冰箱、空调，并公布电话提供上门维修。",
        summary_en="Free small repairs by volunteers, from kettles to fridges and air conditioners; home visits on request.",
        audiences=[E.ALL_RESIDENTS],
        parent="wanli-gongyuan",
    ),
    SeedFacility(
        slug="wanli-gongyuan-yi-zuo-yi-shu",
        name="万里公园“一座一书”",
        name_en="'One Seat, One Book' in Wanli Park",
        kind="culture",
        summary="与上海市作家协会共同打造：100把椅子、100本书，文字阅读与声音聆听相结合；入选上海市民“家门口的好去处”。",
        summary_en="100 chairs with 100 books (text and audio), made with the Shanghai Writers' Association.",
        audiences=[E.ALL_RESIDENTS],
        parent="wanli-gongyuan",
        capacity=100,
        capacity_unit="把椅子",
        capacity_unit_en="chairs",
    ),
    SeedFacility(
        slug="wanli-binlin-dangjian-yizhan",
        name="万里比邻党建驿站",
        name_en="Wanli Binlin Party-Building Stations",
        kind="party-mass-station",
        summary="分布在社区、片区、园区、街区的多处驿站，提供连锁式近享服务；各驿站的具体点位待核实。",
        summary_en="A chain of neighbourhood stations in estates, zones, parks and streets; the individual sites are still to be verified.",
        audiences=[E.ALL_RESIDENTS],
    ),
    SeedFacility(
        slug="xiangquan-pianqu-dangqun-fuwu-zhongxin",
        name="香泉片区党群服务中心",
        name_en="Xiangquan Area Party-Mass Service Centre",
        kind="party-mass-centre",
        summary="香泉片区的党群服务中心，内设香泉“智助食堂”。",
        summary_en="The Xiangquan area's party-mass service centre, home of the Xiangquan canteen.",
        audiences=[E.ALL_RESIDENTS],
    ),
    SeedFacility(
        slug="xiangquan-zhizhu-shitang",
        name="香泉“智助食堂”",
        name_en="Xiangquan Smart Canteen",
        kind="canteen",
        summary="为香泉苑等小区居民和周边企业白领解决用餐难题的社区食堂，形成降本增效的“香泉运营模式”。",
        summary_en="Community canteen for residents of Xiangquan Garden and nearby office workers.",
        audiences=[E.ELDERLY, E.ALL_RESIDENTS],
        parent="xiangquan-pianqu-dangqun-fuwu-zhongxin",
    ),
    SeedFacility(
        slug="yuanqu-zhihui-shitang",
        name="园区“智慧食堂”",
        name_en="Business-park Smart Canteen",
        kind="canteen",
        summary="普陀区首个建在园区内的“智慧食堂”。",
        summary_en="Putuo District's first canteen inside a business park.",
    ),
    SeedFacility(
        slug="shequ-baobaowu",
        name="社区“宝宝屋”",
        name_en="Community Baby House",
        kind="baby-house",
        summary="聚焦“一老一小”，为社区幼儿提供照护服务的宝宝屋。",
        summary_en="Childcare for the community's youngest children.",
        description="原文未说明它与城市建设者管理者之家内的宝宝屋是否为同一处，待核实。",
        audiences=[E.CHILDREN_FAMILIES],
    ),
    SeedFacility(
        slug="zhonghaoyun-pianqu-zonghe-yanglao-fuwu-zhongxin",
        name="中浩云片区综合养老服务中心",
        name_en="Zhonghaoyun Area Comprehensive Elderly-Care Centre",
        kind="elderly-care",
        summary="聚焦“一老一小”建设启用的片区综合养老服务中心。",
        summary_en="The area's comprehensive elderly-care service centre.",
        audiences=[E.ELDERLY],
    ),
    SeedFacility(
        slug="shequ-gonggong-fuwu-zhongxin",
        name="社区公共服务中心",
        name_en="Community Public Service Centre",
        kind="public-service-centre",
        summary="“一网通办”远程视频帮办，建成全区首批试点远程虚拟窗口。",
        summary_en="Remote video help with 'one-stop online' government services; among the district's first remote virtual windows.",
        audiences=[E.ALL_RESIDENTS],
    ),
    SeedFacility(
        slug="wanli-wuyou-kaopu-jiefen-zhongxin",
        name="万里无忧·靠谱解纷中心",
        name_en="Wanli Worry-Free Dispute Resolution Centre",
        kind="dispute-resolution",
        summary="全区首家一站式矛盾纠纷化解中心，完善家门口信访服务体系。",
        summary_en="The district's first one-stop dispute-resolution centre, with doorstep petition services.",
        audiences=[E.ALL_RESIDENTS],
    ),
    SeedFacility(
        slug="putuo-huashida-xinlixue-kepuguan",
        name="普陀区—华师大心理学科普馆",
        name_en="Putuo–ECNU Psychology Popular Science Hall",
        kind="culture",
        summary="全市首家与华东师范大学共建的心理学科普馆，“专业 + 公益 + 普惠”。",
        summary_en="Psychology popular-science hall run with East China Normal University: professional, public-interest, for everyone.",
        audiences=[E.ALL_RESIDENTS],
    ),
    SeedFacility(
        slug="shuangyehong-shixun-gongzuoshi",
        name="“双业红”实训工作室（创新实践基地）",
        name_en="'Shuangyehong' Training Studio (Innovation Practice Base)",
        kind="training",
        summary="全区首个党建引领“双业红”创新实践基地：课程库、案例集、比武场、分享地，赋能基层治理骨干。",
        summary_en="Training base for grassroots-governance volunteers and staff: course library, case collection, competitions, sharing space.",
    ),
    SeedFacility(
        slug="linghuo-yonggong-shichang",
        name="灵活用工市场",
        name_en="Flexible Employment Market",
        kind="employment",
        summary="全市首批灵活用工市场，搭建灵活就业人员与企业的服务平台，丰富“15分钟就业服务圈”。",
        summary_en="Among Shanghai's first flexible-employment markets, matching flexible workers with employers.",
        audiences=[E.NEW_EMPLOYMENT, E.ALL_RESIDENTS],
    ),
]


@transaction.atomic
def seed_facilities() -> dict[str, int]:
    """Creates the kinds and facilities that are missing; returns how many of each were created."""
    created = {"kinds": 0, "facilities": 0}
    kinds = {}
    for slug, name, name_en, order in KINDS:
        kind, was_created = FacilityKind.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "order": order}
        )
        kinds[slug] = kind
        created["kinds"] += was_created
    audiences = {a.code: a for a in Audience.objects.all()}
    for item in FACILITIES:
        if Facility.objects.filter(slug=item.slug).exists():
            continue
        facility = Facility(
            slug=item.slug,
            name=item.name,
            name_en=item.name_en,
            kind=kinds[item.kind],
            summary=item.summary,
            summary_en=item.summary_en,
            description=item.description,
            capacity=item.capacity,
            capacity_unit=item.capacity_unit,
            capacity_unit_en=item.capacity_unit_en,
            parent=Facility.objects.filter(slug=item.parent).first() if item.parent else None,
            publication_status=PublicationStatus.PUBLISHED,
            location_verified=False,
            source_note=SOURCE_NOTE,
        )
        facility.full_clean()
        facility.save()
        facility.audiences.set([audiences[code] for code in item.audiences])
        created["facilities"] += 1
    return created


# The only estate the source names. Its location, households and population are not given.
ESTATES = [
    {
        "slug": "xiangquanyuan",
        "name": "香泉苑",
        "name_en": "Xiangquan Garden",
        "source_note": SOURCE_NOTE + "：老龄化比例最高的小区；位置待核实。",
    },
]


@transaction.atomic
def seed_estates() -> int:
    """Creates the estates that are missing (location not verified, no point); returns how many were made."""
    made = 0
    for item in ESTATES:
        if Estate.objects.filter(slug=item["slug"]).exists():
            continue
        estate = Estate(location_verified=False, **item)
        estate.full_clean()
        estate.save()
        made += 1
    return made
