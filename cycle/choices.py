from django.db import models
from django.utils.translation import gettext_lazy as _


class Field(models.TextChoices):
    """The fields a call for proposals names (the 2019 票决制 list)."""

    SOCIAL_SECURITY = "social_security", _("社会保障")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("医疗卫生")
    EMPLOYMENT = "employment", _("就业")
    TRANSPORT = "transport", _("交通出行")
    FOOD_DRUG = "food_drug", _("食品药品安全")
    HOUSING = "housing", _("住房保障")
    RURAL = "rural", _("乡村振兴")
    CITY = "city", _("城市管理")
    ELDERLY = "elderly", _("养老服务")
    CHILDCARE = "childcare", _("托育服务")
    GOV_SERVICES = "gov_services", _("政务服务")
    CULTURE = "culture", _("文化")
    FITNESS = "fitness", _("全民健身")
    ENVIRONMENT = "environment", _("生态环境")
    DISASTER = "disaster", _("防灾减灾")
    OVERSEAS = "overseas", _("侨务服务")
    TRAINING = "training", _("职业技能培训")


class ProposalState(models.TextChoices):
    RECEIVED = "received", _("已收到")
    FORWARDED = "forwarded", _("征求单位意见中")
    ACCEPTED = "accepted", _("已采纳")
    MERGED = "merged", _("已合并")
    REJECTED = "rejected", _("未采纳")


class Choice(models.TextChoices):
    """A deputy's mark on one candidate."""

    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


class SessionState(models.TextChoices):
    OPEN = "open", _("投票中")
    CONFIRMED = "confirmed", _("结果已确认")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    ABSTAIN = "abstain", _("弃权")


class EvaluationState(models.TextChoices):
    OPEN = "open", _("测评中")
    PUBLISHED = "published", _("已公布")
