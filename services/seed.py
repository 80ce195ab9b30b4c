"""The real seed of the services catalogue: every service the source article names, linked to the seeded
facilities that offer them (by their slugs, see facilities/seed.py).

The article gives no phones, hours, prices or ages, so none are set. Only what it states is written; a
service whose place the article does not give has no place yet. Seeding only creates what is missing and
never overwrites a row, so re-running it cannot undo what staff have corrected in admin. Canteen menus
are not seeded: the canteens' staff enter them.
"""

from dataclasses import dataclass, field

from django.db import transaction

from facilities.models import Audience, AudienceCode, Facility
from facilities.seed import SOURCE_NOTE
from publishing.publishable import PublicationStatus

from .models import Service, ServiceAtLocation, ServiceCategory

# slug, Chinese, English, order, sub-categories [(slug, Chinese, English, order)]
CATEGORIES = [
    (
        "yilao-yixiao",
        "一老一小",
        "Elderly and young children",
        10,
        [
            ("zhucan", "助餐", "Meals", 10),
            ("tuoyu", "托育", "Childcare", 20),
            ("rijian-zhaoliao", "日间照料", "Day care", 30),
            ("yanglao-fuwu", "养老服务", "Elderly care", 40),
        ],
    ),
    (
        "xinjiuye-qunti",
        "新就业群体",
        "New-employment workers",
        20,
        [
            ("zhusu", "住宿", "Beds", 10),
            ("quanyi-baozhang", "权益保障", "Rights protection", 20),
            ("zinv-zhaohu", "子女照护", "Care for their children", 30),
            ("xiejiao-yizhan", "歇脚驿站", "Rest stations", 40),
        ],
    ),
    (
        "jiuye",
        "就业",
        "Employment",
        30,
        [
            ("linghuo-yonggong", "灵活用工", "Flexible employment", 10),
            ("jineng-peixun", "技能培训", "Skills training", 20),
        ],
    ),
    (
        "bianmin",
        "便民",
        "Everyday help",
        40,
        [
            ("xiaoxiu-xiaobu", "小修小补", "Small repairs", 10),
        ],
    ),
    (
        "falv-yu-tiaojie",
        "法律与调解",
        "Law and mediation",
        50,
        [
            ("maodun-tiaojie", "矛盾纠纷调解", "Dispute mediation", 10),
            ("xinfang", "信访", "Petitions", 20),
        ],
    ),
    (
        "xinli",
        "心理",
        "Psychology",
        60,
        [
            ("xinli-kepu", "心理科普", "Psychology popular science", 10),
        ],
    ),
    (
        "zhengwu-banli",
        "政务办理",
        "Government services",
        70,
        [
            ("yuancheng-bangban", "远程帮办", "Remote help", 10),
        ],
    ),
    (
        "wenhua-xiuxian",
        "文化休闲",
        "Culture and leisure",
        80,
        [
            ("yuedu", "阅读", "Reading", 10),
        ],
    ),
]


@dataclass
class SeedService:
    slug: str
    name: str
    name_en: str
    category: str
    summary: str
    summary_en: str = ""
    description: str = ""
    audiences: list[str] = field(default_factory=list)
    is_free: bool = False
    places: list[str] = field(default_factory=list)  # facility slugs


E = AudienceCode
BUILDERS_HOME = "wanyouyinli-chengshi-jianshezhe-guanlizhe-zhi-jia"
WANYOUYINLI_CENTRE = "wanyouyinli-xinjiuye-dangqun-fuwu-zhongxin"
SERVICES = [
    SeedService(
        slug="xiaoxiu-xiaobu",
        name="“小修小补”义务维修",
        name_en="Free small repairs",
        category="xiaoxiu-xiaobu",
        summary="志愿者义务维修电热水壶、电饭煲直至电冰箱、空调等家电，并公布电话提供上门维修。",
        summary_en="Volunteers repair household appliances for free, from kettles and rice cookers to fridges and air "
        "conditioners, and make home visits.",
        description="维修志愿者多为社区“第二梯队”居民。志愿者电话以服务站公布为准。",
        audiences=[E.ALL_RESIDENTS, E.ELDERLY],
        is_free=True,
        places=["wanli-gongyuan-binlin-dangqun-fuwuzhan"],
    ),
    SeedService(
        slug="shequ-shitang-yongcan",
        name="社区食堂用餐",
        name_en="Meals at the community canteens",
        category="zhucan",
        summary="社区食堂为居民、新就业群体和周边企业白领解决“三顿饭”。各食堂的菜单见食堂页面。",
        summary_en="Community canteens serving residents, new-employment workers and nearby office workers. Each "
        "canteen's menu is on its page.",
        audiences=[E.ELDERLY, E.NEW_EMPLOYMENT, E.ALL_RESIDENTS],
        places=["jianshezhe-zhi-jia-shequ-shitang", "xiangquan-zhizhu-shitang", "yuanqu-zhihui-shitang"],
    ),
    SeedService(
        slug="jianshezhe-zhi-jia-chuangwei",
        name="城市建设者管理者之家住宿床位",
        name_en="Beds at the City Builders' Home",
        category="zhusu",
        summary="为快递员、外卖骑手等新就业群体提供152张床位，回应“一张床”的需求。",
        summary_en="152 beds for couriers, delivery riders and other new-employment workers.",
        audiences=[E.NEW_EMPLOYMENT],
        places=[BUILDERS_HOME],
    ),
    SeedService(
        slug="baobaowu-tuoyu",
        name="“宝宝屋”托育",
        name_en="Baby-house childcare",
        category="tuoyu",
        summary="社区宝宝屋为幼儿提供照护，回应“一老一小”中“一小”的牵挂。",
        summary_en="Childcare for the youngest children at the community baby houses.",
        audiences=[E.CHILDREN_FAMILIES, E.NEW_EMPLOYMENT],
        places=["shequ-baobaowu", "jianshezhe-zhi-jia-baobaowu"],
    ),
    SeedService(
        slug="rijian-zhaoliao",
        name="日间照料",
        name_en="Day care",
        category="rijian-zhaoliao",
        summary="城市建设者管理者之家内的日间照料中心提供日间照料服务。",
        summary_en="Day care at the day-care centre inside the City Builders' Home.",
        audiences=[E.ELDERLY, E.NEW_EMPLOYMENT],
        places=["jianshezhe-zhi-jia-rijian-zhaoliao-zhongxin"],
    ),
    SeedService(
        slug="zonghe-yanglao-fuwu",
        name="综合养老服务",
        name_en="Elderly-care services",
        category="yanglao-fuwu",
        summary="中浩云片区综合养老服务中心提供的养老服务。",
        summary_en="Elderly-care services at the Zhonghaoyun area comprehensive elderly-care centre.",
        audiences=[E.ELDERLY],
        places=["zhonghaoyun-pianqu-zonghe-yanglao-fuwu-zhongxin"],
    ),
    SeedService(
        slug="yiwangtongban-yuancheng-bangban",
        name="“一网通办”远程视频帮办",
        name_en="Remote video help with one-stop online government services",
        category="yuancheng-bangban",
        summary="社区公共服务中心通过远程视频帮办“一网通办”事项，建成全区首批试点远程虚拟窗口。",
        summary_en="Remote video help with 'one-stop online' government services at the Community Public Service "
        "Centre, among the district's first remote virtual windows.",
        audiences=[E.ALL_RESIDENTS],
        places=["shequ-gonggong-fuwu-zhongxin"],
    ),
    SeedService(
        slug="maodun-jiufen-tiaojie",
        name="矛盾纠纷一站式调解",
        name_en="One-stop dispute mediation",
        category="maodun-tiaojie",
        summary="万里无忧·靠谱解纷中心是全区首家一站式矛盾纠纷化解中心。",
        summary_en="The district's first one-stop dispute-resolution centre.",
        audiences=[E.ALL_RESIDENTS],
        places=["wanli-wuyou-kaopu-jiefen-zhongxin"],
    ),
    SeedService(
        slug="jiamenkou-xinfang",
        name="家门口信访服务",
        name_en="Doorstep petition service",
        category="xinfang",
        summary="完善家门口信访服务体系，在社区就近受理信访事项。",
        summary_en="Petitions (xinfang) received close to home, in the community.",
        audiences=[E.ALL_RESIDENTS],
        places=["wanli-wuyou-kaopu-jiefen-zhongxin"],
    ),
    SeedService(
        slug="xinlixue-kepu",
        name="心理学科普",
        name_en="Psychology popular science",
        category="xinli-kepu",
        summary="与华东师范大学共建的心理学科普馆，“专业 + 公益 + 普惠”。",
        summary_en="Psychology popular science with East China Normal University: professional, public-interest, "
        "for everyone.",
        audiences=[E.ALL_RESIDENTS],
        places=["putuo-huashida-xinlixue-kepuguan"],
    ),
    SeedService(
        slug="linghuo-yonggong-duijie",
        name="灵活用工对接",
        name_en="Flexible-employment matching",
        category="linghuo-yonggong",
        summary="全市首批灵活用工市场，搭建灵活就业人员与企业的服务平台，丰富“15分钟就业服务圈”。",
        summary_en="Matching flexible workers with employers at one of Shanghai's first flexible-employment markets.",
        audiences=[E.NEW_EMPLOYMENT, E.ALL_RESIDENTS],
        places=["linghuo-yonggong-shichang"],
    ),
    SeedService(
        slug="xinjiuye-jineng-peixun",
        name="新就业群体技能培训",
        name_en="Skills training for new-employment workers",
        category="jineng-peixun",
        summary="万有引力新业态新就业群体党群服务中心提供的技能培训、技能提升活动。",
        summary_en="Skills training at the Wanyouyinli service centre for new-employment groups.",
        audiences=[E.NEW_EMPLOYMENT],
        places=[WANYOUYINLI_CENTRE],
    ),
    SeedService(
        slug="xinjiuye-quanyi-baozhang",
        name="新就业群体权益保障",
        name_en="Rights protection for new-employment workers",
        category="quanyi-baozhang",
        summary="万有引力新业态新就业群体党群服务中心提供的权益保障服务。",
        summary_en="Rights protection at the Wanyouyinli service centre for new-employment groups.",
        audiences=[E.NEW_EMPLOYMENT],
        places=[WANYOUYINLI_CENTRE],
    ),
    SeedService(
        slug="xinjiuye-zinv-aixin-shutuoban",
        name="新就业群体子女爱心暑托班",
        name_en="Summer day-care class for new-employment workers' children",
        category="zinv-zhaohu",
        summary="全国首个新就业群体子女爱心暑托班。",
        summary_en="China's first summer day-care class for the children of new-employment workers.",
        description="原文未说明办班地点和报名方式，待核实。",
        audiences=[E.NEW_EMPLOYMENT, E.CHILDREN_FAMILIES],
    ),
    SeedService(
        slug="huwai-zhigong-aixin-jielizhan",
        name="户外职工爱心接力站",
        name_en="Relay station for outdoor workers",
        category="xiejiao-yizhan",
        summary="舒心湾新业态新就业群体党群服务中心的户外职工爱心接力站，获评全国总工会2023年“最美驿站”。",
        summary_en="The relay station for outdoor workers at the Shuxinwan centre, named a 2023 'Most Beautiful "
        "Station' by the All-China Federation of Trade Unions.",
        audiences=[E.NEW_EMPLOYMENT],
        places=["shuxinwan-xinjiuye-dangqun-fuwu-zhongxin"],
    ),
    SeedService(
        slug="yi-zuo-yi-shu-yuedu",
        name="“一座一书”阅读",
        name_en="'One Seat, One Book' reading",
        category="yuedu",
        summary="万里公园内100把椅子、100本书，文字阅读与声音聆听相结合，与上海市作家协会共同打造。",
        summary_en="100 chairs with 100 books in Wanli Park, to read or listen to, made with the Shanghai Writers' "
        "Association.",
        audiences=[E.ALL_RESIDENTS],
        places=["wanli-gongyuan-yi-zuo-yi-shu"],
    ),
]


@transaction.atomic
def seed_services() -> dict[str, int]:
    """Creates the categories, services and service places that are missing; returns how many were created."""
    created = {"service_categories": 0, "services": 0, "service_locations": 0}
    categories: dict[str, ServiceCategory] = {}
    for slug, name, name_en, order, children in CATEGORIES:
        top, was_created = ServiceCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "order": order}
        )
        categories[slug] = top
        created["service_categories"] += was_created
        for child_slug, child_name, child_name_en, child_order in children:
            child, was_created = ServiceCategory.objects.get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "name_en": child_name_en, "order": child_order, "parent": top},
            )
            categories[child_slug] = child
            created["service_categories"] += was_created
    audiences = {a.code: a for a in Audience.objects.all()}
    facilities = {f.slug: f for f in Facility.objects.filter(slug__in={s for item in SERVICES for s in item.places})}
    for item in SERVICES:
        if not Service.objects.filter(slug=item.slug).exists():
            service = Service(
                slug=item.slug,
                name=item.name,
                name_en=item.name_en,
                category=categories[item.category],
                summary=item.summary,
                summary_en=item.summary_en,
                description=item.description,
                is_free=item.is_free,
                publication_status=PublicationStatus.PUBLISHED,
                source_note=SOURCE_NOTE,
            )
            service.full_clean()
            service.save()
            service.audiences.set([audiences[code] for code in item.audiences])
            created["services"] += 1
            # Places are linked only when the service is new: a place staff later unlinked stays unlinked.
            for facility_slug in item.places:
                facility = facilities.get(facility_slug)
                if facility is not None:
                    ServiceAtLocation.objects.create(service=service, facility=facility)
                    created["service_locations"] += 1
    return created
