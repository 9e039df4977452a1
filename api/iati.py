"""Mapping of our status and funding fields to IATI codelists, so the JSON can be compared with project databases.

IATI ActivityStatus (https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/):
1 Pipeline/identification, 2 Implementation, 3 Finalisation, 4 Closed, 5 Cancelled, 6 Suspended.
IATI TransactionType: 2 Outgoing Commitment, 4 Expenditure (among others). A project volume is no
transaction but a budget (IATI `budget`, BudgetType 1 = original).
"""

from __future__ import annotations

from typing import Any

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
    """Budgets and transactions of one funding statement in IATI terms (amounts in EUR)."""
    if statement is None:
        return None
    budgets, transactions = [], []
    if statement.volume_eur is not None:
        budgets.append(
            {
                "budget_type": "1",
                "value": float(statement.volume_eur),
                "currency": "EUR",
                "value_date": _d(statement.volume_as_of),
            }
        )
    if statement.annual_eur is not None:
        budgets.append(
            {"budget_type": "1", "value": float(statement.annual_eur), "currency": "EUR", "period": "annual"}
        )
    if statement.state_eur is not None:
        transactions.append(
            {
                "transaction_type": "2",
                "name": TRANSACTION_TYPE_NAMES["2"],
                "value": float(statement.state_eur),
                "currency": "EUR",
            }
        )
    if statement.spent_eur is not None:
        transactions.append(
            {
                "transaction_type": "4",
                "name": TRANSACTION_TYPE_NAMES["4"],
                "value": float(statement.spent_eur),
                "currency": "EUR",
                "value_date": _d(statement.spent_as_of),
            }
        )
    return {"budgets": budgets, "transactions": transactions}


def _d(value) -> str | None:
    return value.isoformat() if value else None
