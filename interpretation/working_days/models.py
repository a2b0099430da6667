"""The administrator's half of the working-day calendar.

`chinesecalendar` knows the State Council's holiday notices up to the year it was released for. For later
years an administrator copies the yearly notice (国务院办公厅关于某年部分节假日安排的通知) into
`WorkingDayOverride`, then records a `CoveredYear` to say the notice is complete, so deadlines in that year
stop being provisional. Overrides also win over the library, to correct it if a notice is ever amended.
"""

from django.contrib import admin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class WorkingDayOverride(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "节假日"
        WORKING_DAY = "working_day", "调休工作日"

    disclosing_body = models.ForeignKey(
        "bodies.DisclosingBody",
        verbose_name="公开主体",
        on_delete=models.PROTECT,
        related_name="working_day_overrides",
        help_text="本主体及其下级主体都按此调整计算工作日。",
    )
    date = models.DateField("日期")
    kind = models.CharField(
        "类型",
        max_length=20,
        choices=Kind.choices,
        help_text="节假日：当天放假；调休工作日：周六或周日上班。",
    )
    name = models.CharField("节日名称", max_length=50, blank=True, help_text="如：春节、国庆节。调休工作日填所属节日。")
    note = models.TextField("备注", blank=True, help_text="如：国办发明电〔2026〕7号。")

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        constraints = [models.UniqueConstraint(fields=["disclosing_body", "date"], name="unique_override_per_body")]

    def __str__(self):
        label = f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
        return f"{label}（{self.name}）" if self.name else label

    @property
    def is_working_day(self) -> bool:
        return self.kind == self.Kind.WORKING_DAY

    @admin.display(description="星期")
    def weekday(self) -> str:
        """Shown in the list so a 调休工作日 that is not a weekend day stands out as a typo."""
        return "周" + "一二三四五六日"[self.date.weekday()] if self.date else ""


class CoveredYear(models.Model):
    year = models.PositiveSmallIntegerField(
        "年份",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="该年国务院办公厅节假日安排通知已全部录入后再添加；添加后该年的截止时间不再标为“仅供参考”。",
    )
    note = models.TextField("备注", blank=True, help_text="如：通知文号、录入人。")

    class Meta:
        ordering = ["-year"]
        verbose_name = "已录入年份"
        verbose_name_plural = "已录入年份"

    def __str__(self):
        return f"{self.year}年"
