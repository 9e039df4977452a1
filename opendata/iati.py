"""Mapping of our status and funding fields to IATI codelists, so the JSON can be compared with project databases.

IATI ActivityStatus (https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/):
1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed, 5 Cancelled, 6 Suspended.
IATI TransactionType: 2 Outgoing Commitment, 4 Expenditure (among others). A project volume is no
transaction but a budget (IATI `budget`, BudgetType 1 = original).
"""

from __future__ import annotations

from typing import Any

from programmes import funding as funding_definition
from programmes.models import ProjectStatus

ACTIVITY_STATUS_NAMES = {
    "1": "Pipeline/identification",
    "2": "Implementation",
    "3": "Finalisation",
    "4": "Closed",
    "5": "Cancelled",
    "6": "Suspended",
}

# "verstetigt" means the project ended inside the programme and goes on in regular operation:
# for the programme it is closed, like "abgeschlossen".
ACTIVITY_STATUS = {
    ProjectStatus.UNDER_REVIEW: "1",
    ProjectStatus.IN_PROGRESS: "2",
    ProjectStatus.COMPLETED: "4",
    ProjectStatus.CONTINUED: "4",
    ProjectStatus.NOT_PURSUED: "5",
}

TRANSACTION_TYPE_NAMES = {"2": "Outgoing Commitment", "4": "Expenditure"}

# Funding statement field → IATI element. The state's share is what the state committed to the project;
# "verausgabt" is money spent up to a date.
FUNDING_FIELDS = {
    "volume_eur": {"element": "budget", "budget_type": "1"},
    "annual_eur": {"element": "budget", "budget_type": "1", "period": "annual"},
    "state_eur": {"element": "transaction", "transaction_type": "2"},
    "spent_eur": {"element": "transaction", "transaction_type": "4"},
}


def activity_status(status: str) -> dict[str, str] | None:
    code = ACTIVITY_STATUS.get(status)
    if code is None:
        return None
    return {"code": code, "name": ACTIVITY_STATUS_NAMES[code], "codelist": "ActivityStatus"}


def funding(statement) -> dict[str, Any] | None:
    """Budgets and transactions of one funding statement in IATI terms (amounts in EUR).

    Each amount carries the "Stand" the funding definition gives it (programmes.funding) as its value date.
    """
    if statement is None:
        return None
    budgets, transactions = [], []
    for name, target in FUNDING_FIELDS.items():
        value = getattr(statement, name)
        if value is None:
            continue
        item: dict[str, Any] = {}
        if target["element"] == "budget":
            item["budget_type"] = target["budget_type"]
        else:
            item["transaction_type"] = target["transaction_type"]
            item["name"] = TRANSACTION_TYPE_NAMES[target["transaction_type"]]
        item.update({"value": float(value), "currency": "EUR"})
        if "period" in target:
            item["period"] = target["period"]
        stand = funding_definition.date_of(name)
        if stand is not None:
            item["value_date"] = _d(getattr(statement, stand.name))
        (budgets if target["element"] == "budget" else transactions).append(item)
    return {"budgets": budgets, "transactions": transactions}


def _d(value) -> str | None:
    return value.isoformat() if value else None
