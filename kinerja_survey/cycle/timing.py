"""Warnings before a step whose moment does not fit: closing before the deadline, and opening,
creating or publishing a period whose dates do not fit today.

"Today" is the store's clock (``Store.now()``) in the installation's zone (``store.local_time``,
``zone_name``).  The rules:

* **Closing early** (:func:`close_warning`): the cycle is open, its deadline
  (``store.deadline_of``) has not passed and some forms are not submitted; the warning names the
  response rate and the deadline (when every form is in, closing early loses nothing).
* **A period that has not started** (:func:`period_warning`): opening a period or publishing its
  results before its first day (the raters would rate, the results would cover, months that
  have not happened: a "Semester I 2027" opened or published in December 2026); creating a
  period is warned about only when it starts more than ``FUTURE_DAYS`` (31) days ahead
  (preparing next semester's period in December is normal).
* **A period long past**: it ended more than ``PAST_DAYS`` (365) days before today (a typo in
  the year, most often); for every step.

A warning never refuses: the front end shows it and asks to confirm (the CLI's ``--ya`` answers
yes; the admin app shows a confirm button).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..i18n import Msg, fmt_time
from ..store import Store, deadline_of, local_time
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
    if invited and submitted >= invited:  # every form is in: closing early loses no answer
        return None
    return Msg("cycle.close_early", id=int(cycle_id), submitted=submitted, invited=invited,
               rate=percent(submitted / invited if invited else 0, lang=lang), deadline=DeadlineText(limit),
               now=fmt_time(now))


def period_warning(store: Store, start, end, *, name: str = "", step: str = "create") -> Msg | None:
    """The warning for a period ``start..end`` that does not fit today, before ``step``
    (``"create"``, ``"open"``, ``"publish"``); None when it fits (the rules: module docstring)."""
    today = local_today(store)
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    fields = dict(name=name, start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}", today=f"{today:%d-%m-%Y}")
    ahead = (start - today).days
    if step == "create" and ahead > FUTURE_DAYS:
        return Msg("cycle.period_future", days=ahead, **fields)
    if step != "create" and ahead > 0:
        key = {"open": "cycle.period_not_started_open", "publish": "cycle.period_not_started_publish"}[step]
        return Msg(key, days=ahead, **fields)
    if (today - end).days > PAST_DAYS:
        return Msg("cycle.period_past", days=(today - end).days, **fields)
    return None


def cycle_period_warning(store: Store, cycle_id: int, step: str = "open") -> Msg | None:
    """:func:`period_warning` for a stored cycle before ``step`` (``"open"`` or ``"publish"``)."""
    info = store.cycle(cycle_id)
    return period_warning(store, info["period_start"], info["period_end"], name=str(info["name"]), step=step)


def status_warning(store: Store, cycle_id: int, status: str) -> Msg | None:
    """The warning before ``set_status(cycle_id, status)``: closing early, or opening a period
    whose dates do not fit today; None when there is nothing to warn about."""
    if status == "closed":
        return close_warning(store, cycle_id)
    if status == "open" and store.cycle(cycle_id)["status"] == "draft":
        return cycle_period_warning(store, cycle_id, "open")
    return None


__all__ = ["FUTURE_DAYS", "PAST_DAYS", "close_warning", "cycle_period_warning", "local_today", "period_warning",
           "status_warning"]
