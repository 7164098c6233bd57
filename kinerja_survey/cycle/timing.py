"""Warnings before a step whose moment does not fit: closing before the deadline, and opening,
creating or publishing a period whose dates do not fit today.

"Today" is the store's clock (``Store.now()``) in the installation's zone (``store.local_time``,
``zone_name``).  The rules:

* **Closing early** (:func:`close_warning`): the cycle is open and its deadline
  (``store.deadline_of``) has not passed; the warning names the response rate and the deadline.
* **A period far in the future** (:func:`period_warning`): it starts more than
  ``FUTURE_DAYS`` (31) days after today — a "Semester I 2027" opened in December 2026 is
  fine, one opened in October 2026 is warned about.
* **A period long past**: it ended more than ``PAST_DAYS`` (365) days before today — results
  are usually published within a year of the end of their period.

A warning never refuses: the front end shows it and asks to confirm (the CLI's ``--ya`` answers
yes; the admin app shows a confirm button).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..i18n import Msg
from ..store import Store, deadline_of, local_time, zone_name
from ..store.hr import DeadlineText

FUTURE_DAYS = 31
PAST_DAYS = 365


def local_today(store: Store) -> dt.date:
    """Today in the installation's zone, by the store's clock."""
    return local_time(store.now()).date()


def close_warning(store: Store, cycle_id: int, *, lang: str | None = None) -> Msg | None:
    """The warning before closing ``cycle_id`` while its deadline has not passed (response rate,
    deadline, now), else None."""
    from .hr import percent

    info = store.cycle(cycle_id)
    now = store.now()
    limit = deadline_of(info)
    if info["status"] != "open" or now >= limit:
        return None
    rates = store.response_rates(cycle_id)
    invited = int(rates["invited"].sum()) if len(rates) else 0
    submitted = int(rates["submitted"].sum()) if len(rates) else 0
    return Msg("cycle.close_early", id=int(cycle_id), submitted=submitted, invited=invited,
               rate=percent(submitted / invited if invited else 0, lang=lang), deadline=DeadlineText(limit),
               now=f"{local_time(now):%d-%m-%Y %H.%M} {zone_name()}")


def period_warning(store: Store, start, end, *, name: str = "") -> Msg | None:
    """The warning for a period ``start..end`` that does not fit today: it starts more than
    ``FUTURE_DAYS`` days ahead, or ended more than ``PAST_DAYS`` days ago; else None."""
    today = local_today(store)
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    fields = dict(name=name, start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}", today=f"{today:%d-%m-%Y}")
    if (start - today).days > FUTURE_DAYS:
        return Msg("cycle.period_future", days=(start - today).days, **fields)
    if (today - end).days > PAST_DAYS:
        return Msg("cycle.period_past", days=(today - end).days, **fields)
    return None


def cycle_period_warning(store: Store, cycle_id: int) -> Msg | None:
    """:func:`period_warning` for a stored cycle (before opening or publishing it)."""
    info = store.cycle(cycle_id)
    return period_warning(store, info["period_start"], info["period_end"], name=str(info["name"]))


def status_warning(store: Store, cycle_id: int, status: str) -> Msg | None:
    """The warning before ``set_status(cycle_id, status)``: closing early, or opening a period
    whose dates do not fit today; None when there is nothing to warn about."""
    if status == "closed":
        return close_warning(store, cycle_id)
    if status == "open" and store.cycle(cycle_id)["status"] == "draft":
        return cycle_period_warning(store, cycle_id)
    return None


__all__ = ["FUTURE_DAYS", "PAST_DAYS", "close_warning", "cycle_period_warning", "local_today", "period_warning",
           "status_warning"]
