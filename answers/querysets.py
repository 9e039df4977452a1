from __future__ import annotations

from datetime import date

from django.db import models


class ParliamentaryQuestionQuerySet(models.QuerySet):
    def answered(self) -> ParliamentaryQuestionQuerySet:
        """What the public may see: answers the government has sent to the Landtag."""
        return self.filter(status="answered")

    def open(self) -> ParliamentaryQuestionQuerySet:
        return self.filter(status__in=("received", "drafting"))

    def mentioning(self, project) -> ParliamentaryQuestionQuerySet:
        return self.filter(projects=project)

    def overdue(self, *, today: date) -> ParliamentaryQuestionQuerySet:
        return self.open().filter(due_on__lt=today)
