"""Words residents search with: the synonym list staff edit, and the searches that found nothing."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from facilities.models import Audience, FacilityKind
from facilities.search_text import normalize, split_terms
from services.models import ServiceCategory


class SynonymLanguage(models.TextChoices):
    CHINESE = "zh-hans", _("中文")
    ENGLISH = "en", _("英文")


class SearchSynonym(models.Model):
    """A word or phrase residents use, and what it means on this site: kinds of place, service categories,
    audiences, or other words. Applied when a search runs, so an edit takes effect at once."""

    phrase = models.CharField(
        _("居民的说法"),
        max_length=40,
        help_text=_("居民搜索时可能输入的词，例如：吃饭、带娃、修冰箱。不区分全角半角、大小写和空格。"),
    )
    normalized = models.CharField(_("规范化形式"), max_length=40, unique=True, editable=False)
    language = models.CharField(
        _("语言"),
        max_length=8,
        choices=SynonymLanguage.choices,
        default=SynonymLanguage.CHINESE,
        help_text=_("两种语言的页面都会使用这个词；只决定它在哪种语言的无结果页上作为推荐出现。"),
    )
    kinds = models.ManyToManyField(
        FacilityKind,
        verbose_name=_("对应的设施类型"),
        blank=True,
        related_name="search_synonyms",
        help_text=_("搜索这个词时，找出这些类型的设施。"),
    )
    categories = models.ManyToManyField(
        ServiceCategory,
        verbose_name=_("对应的服务分类"),
        blank=True,
        related_name="search_synonyms",
        help_text=_("搜索这个词时，找出这些分类（含子分类）的服务，以及提供这些服务的设施。"),
    )
    audiences = models.ManyToManyField(
        Audience,
        verbose_name=_("对应的服务对象"),
        blank=True,
        related_name="search_synonyms",
        help_text=_("搜索这个词时，找出为这些人服务的设施和服务。"),
    )
    extra_terms = models.CharField(
        _("其他说法"),
        max_length=200,
        blank=True,
        help_text=_("搜索这个词时也按这些词查找名称和介绍，多个词用空格或逗号分开，例如：公共服务 一网通办。"),
    )
    suggested = models.BooleanField(
        _("推荐搜索"),
        default=False,
        help_text=_("勾选后，在没有搜索结果的页面上作为常用搜索推荐给居民。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("推荐搜索中数字越小越靠前。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[kinds, categories, audiences])

    class Meta:
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")
        ordering = ["order", "phrase"]
        constraints = [
            models.CheckConstraint(condition=~Q(normalized=""), name="search_synonym_phrase_not_empty"),
            models.CheckConstraint(
                condition=Q(language__in=SynonymLanguage.values), name="search_synonym_language_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.phrase

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize(self.phrase)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.normalized = normalize(self.phrase)
        if not self.normalized:
            raise ValidationError({"phrase": _("请填写文字或数字，不能只有标点或空格。")})
        if SearchSynonym.objects.filter(normalized=self.normalized).exclude(pk=self.pk).exists():
            raise ValidationError({"phrase": _("这个词已经在同义词表中了（不区分全角半角、大小写和空格）。")})

    def validate_unique(self, exclude=None) -> None:
        # `normalized` is not on the form; clean() gives the message on the phrase instead.
        super().validate_unique(exclude={*(exclude or ()), "normalized"})

    @property
    def extra_term_list(self) -> list[str]:
        return split_terms(self.extra_terms)


class UnmatchedSearch(models.Model):
    """A search that found nothing: only the words and how often, never who searched, from where or when
    to the minute, so staff see what residents look for and can add synonyms."""

    query = models.CharField(_("搜索词"), max_length=100, unique=True, help_text=_("规范化后的搜索词。"))
    count = models.PositiveIntegerField(_("次数"), default=0)
    first_seen = models.DateField(_("首次出现"))
    last_seen = models.DateField(_("最近出现"))

    # A log no public page shows: recording a search must not make every cached page stale.
    bumps_content_version = False

    class Meta:
        verbose_name = _("无结果的搜索")
        verbose_name_plural = _("无结果的搜索")
        ordering = ["-count", "-last_seen"]
        constraints = [models.CheckConstraint(condition=~Q(query=""), name="unmatched_search_query_not_empty")]

    def __str__(self) -> str:
        return self.query
