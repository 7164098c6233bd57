"""The ``Store``: one façade over the parts of the store, each built once with what it needs.

``Store(url)`` opens the database (``database.Database``: engine, transactions, schema, audit
log, clock) and builds the parts on it; every public method of ``Store`` hands the call to the
one part that holds it (listed below, explicitly: no attribute magic), so callers keep writing
``store.save_response(...)`` and need not know which part answers.

========================  ==========================================================================
part (module)             holds
========================  ==========================================================================
``CyclesPart`` (cycles)   roster, cycles and instruments, assignments and links, hasil kerja, overrides
``ResponsesPart``         the rater's side: link, task list, load / save / submit / decline a form
``RatingsPart``           the ratings query (one, with options) and the other analysis views
``HRPart`` (hr)           deadlines, mid-cycle changes, contacts, link vault, outbox
``CalibrationPart``       organisation predikat, publication, keberatan
``PeriodsPart``           roster snapshots per cycle
``DevelopmentPart``       dialog kinerja, development actions, settings
``FeedbackPart``          continuous feedback notes
``StakeholdersPart``      stakeholder raters (pemangku kepentingan)
``AccountsPart``          accounts of the private apps (argon2 password hashes, roles)
========================  ==========================================================================

The parts depend on each other only through their constructors (e.g. ``HRPart(db, cycles)``),
and on the helpers of ``store.common``.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import sqlalchemy as sa

from .accounts import AccountsPart
from .calibration import CalibrationPart
from .common import Clock, clean_text, hash_token, new_token
from .cycles import CyclesPart
from .database import DEFAULT_DB_ENV, Database, default_url
from .development import DevelopmentPart
from .errors import AccessDenied, IncompleteResponse, ResponseLocked, StoreError  # noqa: F401 (apps.rater)
from .feedback import FeedbackPart
from .hr import HRPart
from .periods import PeriodsPart
from .ratings import RatingsPart
from .responses import NOT_APPLICABLE, RaterSession, ResponsesPart
from .stakeholders import StakeholdersPart

if TYPE_CHECKING:
    from ..collect.instrument import Instrument
    from ._lazy import pd
    from .development import DialogSession
    from .stakeholders import StakeholderSession

__all__ = ["DEFAULT_DB_ENV", "NOT_APPLICABLE", "RaterSession", "Store", "clean_text", "default_url", "hash_token",
           "new_token"]


class Store:
    """A survey database.  ``Store("data/x.sqlite")`` or ``Store("postgresql+psycopg://...")``.

    Parameters
    ----------
    path_or_url
        A SQLite path or a database URL (default ``$KINERJA_SURVEY_DB``).
    create
        Create and migrate the database when needed (else a missing SQLite file is refused).
    busy_timeout
        Seconds to wait for a lock.
    clock
        Where every part reads the time: a callable returning naive UTC (default UTC now).
        A test passes a fixed clock to place saves before or after a deadline or a date window.
    """

    def __init__(self, path_or_url=None, *, create: bool = True, busy_timeout: float = 30.0,
                 clock: Clock | None = None):
        self.db = Database(path_or_url, create=create, busy_timeout=busy_timeout, clock=clock)
        self.url, self.engine, self.busy_timeout = self.db.url, self.db.engine, self.db.busy_timeout
        self._cycles = CyclesPart(self.db)
        self._responses = ResponsesPart(self.db, self._cycles)
        self._ratings = RatingsPart(self.db, self._cycles)
        self._hr = HRPart(self.db, self._cycles)
        self._calibration = CalibrationPart(self.db)
        self._periods = PeriodsPart(self.db)
        self._development = DevelopmentPart(self.db)
        self._feedback = FeedbackPart(self.db, self._responses, self._development)
        self._stakeholders = StakeholdersPart(self.db, self._responses)
        self._accounts = AccountsPart(self.db)
        if create:
            self.db.migrate()

    # -- the database ---------------------------------------------------------------------------
    def migrate(self) -> int:
        """Bring the schema to ``SCHEMA_VERSION`` (:meth:`Database.migrate`)."""
        return self.db.migrate()

    def schema_version(self) -> int:
        return self.db.schema_version()

    def transaction(self) -> AbstractContextManager[sa.Connection]:
        """A write transaction (:meth:`Database.transaction`)."""
        return self.db.transaction()

    def now(self) -> dt.datetime:
        """The store's clock: the current moment, naive UTC."""
        return self.db.now()

    def dispose(self) -> None:
        self.db.dispose()

    # -- delegation (generated from the parts' signatures; keep in step with them) --------------

    # AccountsPart (accounts)
    def create_account(self, username: str, password: str, *, roles, display_name: str = "", actor: str,
                       first: bool = False) -> dict:
        """:meth:`AccountsPart.create_account`."""
        return self._accounts.create_account(username, password, roles=roles, display_name=display_name, actor=actor,
                                             first=first)

    def account(self, username) -> dict | None:
        """:meth:`AccountsPart.account`."""
        return self._accounts.account(username)

    def accounts_list(self) -> list[dict]:
        """:meth:`AccountsPart.accounts_list`."""
        return self._accounts.accounts_list()

    def has_accounts(self) -> bool:
        """:meth:`AccountsPart.has_accounts`."""
        return self._accounts.has_accounts()

    def verify_account(self, username, password) -> dict | None:
        """:meth:`AccountsPart.verify_account`."""
        return self._accounts.verify_account(username, password)

    def set_password(self, username, password: str, *, actor: str) -> None:
        """:meth:`AccountsPart.set_password`."""
        return self._accounts.set_password(username, password, actor=actor)

    def set_account_active(self, username, active: bool, *, actor: str) -> bool:
        """:meth:`AccountsPart.set_account_active`."""
        return self._accounts.set_account_active(username, active, actor=actor)

    def set_account_roles(self, username, roles, *, actor: str) -> None:
        """:meth:`AccountsPart.set_account_roles`."""
        return self._accounts.set_account_roles(username, roles, actor=actor)

    # CyclesPart (cycles)
    def audit_frame(self) -> pd.DataFrame:
        """:meth:`CyclesPart.audit_frame`."""
        return self._cycles.audit_frame()

    def import_roster(self, frame: pd.DataFrame, *, actor: str) -> dict:
        """:meth:`CyclesPart.import_roster`."""
        return self._cycles.import_roster(frame, actor=actor)

    def employees_frame(self, *, active_only: bool = True) -> pd.DataFrame:
        """:meth:`CyclesPart.employees_frame`."""
        return self._cycles.employees_frame(active_only=active_only)

    def create_cycle(
            self, name: str, period_start, period_end, instrument: Instrument | None = None, *,
            hr_contact: str | None = None, actor: str) -> int:
        """:meth:`CyclesPart.create_cycle`."""
        return self._cycles.create_cycle(
            name, period_start, period_end, instrument, hr_contact=hr_contact, actor=actor)

    def set_cycle_status(self, cycle_id: int, status: str, *, actor: str) -> None:
        """:meth:`CyclesPart.set_cycle_status`."""
        return self._cycles.set_cycle_status(cycle_id, status, actor=actor)

    def open_cycle(self, cycle_id: int, *, actor: str) -> None:
        """:meth:`CyclesPart.open_cycle`."""
        return self._cycles.open_cycle(cycle_id, actor=actor)

    def close_cycle(self, cycle_id: int, *, actor: str) -> None:
        """:meth:`CyclesPart.close_cycle`."""
        return self._cycles.close_cycle(cycle_id, actor=actor)

    def set_hr_contact(self, cycle_id: int, contact: str | None, *, actor: str) -> None:
        """:meth:`CyclesPart.set_hr_contact`."""
        return self._cycles.set_hr_contact(cycle_id, contact, actor=actor)

    def cycle(self, cycle_id: int) -> dict:
        """:meth:`CyclesPart.cycle`."""
        return self._cycles.cycle(cycle_id)

    def cycles_frame(self) -> pd.DataFrame:
        """:meth:`CyclesPart.cycles_frame`."""
        return self._cycles.cycles_frame()

    def instrument(self, cycle_id: int) -> Instrument:
        """:meth:`CyclesPart.instrument`."""
        return self._cycles.instrument(cycle_id)

    def add_assignments(self, cycle_id: int, plan: pd.DataFrame, *, actor: str) -> pd.DataFrame:
        """:meth:`CyclesPart.add_assignments`."""
        return self._cycles.add_assignments(cycle_id, plan, actor=actor)

    def reissue_link(self, cycle_id: int, nip: str, *, actor: str) -> str:
        """:meth:`CyclesPart.reissue_link`."""
        return self._cycles.reissue_link(cycle_id, nip, actor=actor)

    def revoke_link(self, cycle_id: int, nip: str, *, actor: str) -> None:
        """:meth:`CyclesPart.revoke_link`."""
        return self._cycles.revoke_link(cycle_id, nip, actor=actor)

    def assignments_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`CyclesPart.assignments_frame`."""
        return self._cycles.assignments_frame(cycle_id)

    def set_hasil_kerja(self, cycle_id: int, ratings: pd.DataFrame, *, source: str = 'skp', actor: str) -> int:
        """:meth:`CyclesPart.set_hasil_kerja`."""
        return self._cycles.set_hasil_kerja(cycle_id, ratings, source=source, actor=actor)

    def override_predikat(self, cycle_id: int, nip: str, predikat: str, reason: str, *, actor: str) -> int:
        """:meth:`CyclesPart.override_predikat`."""
        return self._cycles.override_predikat(cycle_id, nip, predikat, reason, actor=actor)

    def predikat_overrides(self, cycle_id: int, *, history: bool = False) -> pd.DataFrame:
        """:meth:`CyclesPart.predikat_overrides`."""
        return self._cycles.predikat_overrides(cycle_id, history=history)

    def hasil_kerja_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`CyclesPart.hasil_kerja_frame`."""
        return self._cycles.hasil_kerja_frame(cycle_id)


    # ResponsesPart (responses)
    def open_link(self, token: str) -> RaterSession:
        """:meth:`ResponsesPart.open_link`."""
        return self._responses.open_link(token)

    def rater_tasks(self, session: RaterSession) -> pd.DataFrame:
        """:meth:`ResponsesPart.rater_tasks`."""
        return self._responses.rater_tasks(session)

    def rater_task_records(self, session: RaterSession) -> list[dict]:
        """:meth:`ResponsesPart.rater_task_records`."""
        return self._responses.rater_task_records(session)

    def load_response(self, session: RaterSession, assignment_id: int) -> dict:
        """:meth:`ResponsesPart.load_response`."""
        return self._responses.load_response(session, assignment_id)

    def save_response(
            self, token: str, assignment_id: int, answers_in: dict, comments_in: dict | None = None,
            overall_comment: str = '', *, submit: bool = False, version: int | None = None) -> dict:
        """:meth:`ResponsesPart.save_response`."""
        return self._responses.save_response(
            token, assignment_id, answers_in, comments_in, overall_comment, submit=submit, version=version)

    def decline_response(self, token: str, assignment_id: int, reason: str, *, version: int | None = None) -> dict:
        """:meth:`ResponsesPart.decline_response`."""
        return self._responses.decline_response(token, assignment_id, reason, version=version)


    # RatingsPart (ratings)
    def ratings(
            self, cycle_id: int, *, roster: bool = True, stakeholders: bool = False,
            include_drafts: bool = False, include_not_applicable: bool = False, include_declined: bool = False) -> pd.DataFrame:
        """:meth:`RatingsPart.ratings`."""
        return self._ratings.ratings(
            cycle_id, roster=roster, stakeholders=stakeholders, include_drafts=include_drafts, include_not_applicable=include_not_applicable, include_declined=include_declined)

    def ratings_frame(self, cycle_id: int, *, include_drafts: bool = False) -> pd.DataFrame:
        """:meth:`RatingsPart.ratings_frame`."""
        return self._ratings.ratings_frame(cycle_id, include_drafts=include_drafts)

    def stakeholder_ratings_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`RatingsPart.stakeholder_ratings_frame`."""
        return self._ratings.stakeholder_ratings_frame(cycle_id)

    def comments_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`RatingsPart.comments_frame`."""
        return self._ratings.comments_frame(cycle_id)

    def not_applicable_counts(self, cycle_id: int, by: str = 'rater') -> pd.DataFrame:
        """:meth:`RatingsPart.not_applicable_counts`."""
        return self._ratings.not_applicable_counts(cycle_id, by)

    def declines_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`RatingsPart.declines_frame`."""
        return self._ratings.declines_frame(cycle_id)

    def response_rates(self, cycle_id: int, by: str = 'unit') -> pd.DataFrame:
        """:meth:`RatingsPart.response_rates`."""
        return self._ratings.response_rates(cycle_id, by)

    def pending_raters(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`RatingsPart.pending_raters`."""
        return self._ratings.pending_raters(cycle_id)


    # HRPart (hr)
    def cycle_deadline(self, cycle_id: int) -> dt.datetime:
        """:meth:`HRPart.cycle_deadline`."""
        return self._hr.cycle_deadline(cycle_id)

    def deadline_text(self, cycle_id: int, lang: str | None = None) -> str:
        """:meth:`HRPart.deadline_text`."""
        return self._hr.deadline_text(cycle_id, lang)

    def set_deadline(self, cycle_id: int, deadline: dt.datetime, *, reason: str, actor: str) -> dt.datetime:
        """:meth:`HRPart.set_deadline`."""
        return self._hr.set_deadline(cycle_id, deadline, reason=reason, actor=actor)

    def reopen_cycle(self, cycle_id: int, *, reason: str, actor: str, deadline: dt.datetime | None = None) -> None:
        """:meth:`HRPart.reopen_cycle`."""
        return self._hr.reopen_cycle(cycle_id, reason=reason, actor=actor, deadline=deadline)

    def form_state(self, cycle_id: int, rater_nip: str, ratee_nip: str) -> dict | None:
        """:meth:`HRPart.form_state`."""
        return self._hr.form_state(cycle_id, rater_nip, ratee_nip)

    def add_assignment(
            self, cycle_id: int, rater_nip: str, ratee_nip: str, relationship: str, *, reason: str, actor: str) -> str | None:
        """:meth:`HRPart.add_assignment`."""
        return self._hr.add_assignment(cycle_id, rater_nip, ratee_nip, relationship, reason=reason, actor=actor)

    def remove_assignment(self, cycle_id: int, rater_nip: str, ratee_nip: str, *, reason: str, actor: str) -> dict:
        """:meth:`HRPart.remove_assignment`."""
        return self._hr.remove_assignment(cycle_id, rater_nip, ratee_nip, reason=reason, actor=actor)

    def replace_rater(
            self, cycle_id: int, ratee_nip: str, old_nip: str, new_nip: str, *, keep_answers: bool, reason: str,
            actor: str) -> dict:
        """:meth:`HRPart.replace_rater`."""
        return self._hr.replace_rater(
            cycle_id, ratee_nip, old_nip, new_nip, keep_answers=keep_answers, reason=reason, actor=actor)

    def link_state(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`HRPart.link_state`."""
        return self._hr.link_state(cycle_id)

    def contacts_frame(self) -> pd.DataFrame:
        """:meth:`HRPart.contacts_frame`."""
        return self._hr.contacts_frame()

    def vault_put(self, sealed: dict[str, str]) -> int:
        """:meth:`HRPart.vault_put`."""
        return self._hr.vault_put(sealed)

    def vault_links(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`HRPart.vault_links`."""
        return self._hr.vault_links(cycle_id)

    def outbox_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`HRPart.outbox_frame`."""
        return self._hr.outbox_frame(cycle_id)

    def outbox_claim(
            self, cycle_id: int, employee_id: int, channel: str, seq: int, kind: str, address: str, *,
            actor: str, status: str = 'sending', now: dt.datetime | None = None) -> int | None:
        """:meth:`HRPart.outbox_claim`."""
        return self._hr.outbox_claim(
            cycle_id, employee_id, channel, seq, kind, address, actor=actor, status=status, now=now)

    def outbox_done(self, message_id: int, *, ok: bool, error: str = '', now: dt.datetime | None = None) -> None:
        """:meth:`HRPart.outbox_done`."""
        return self._hr.outbox_done(message_id, ok=ok, error=error, now=now)


    # CalibrationPart (calibration)
    def is_published(self, cycle_id: int) -> bool:
        """:meth:`CalibrationPart.is_published`."""
        return self._calibration.is_published(cycle_id)

    def set_org_predikat(self, cycle_id: int, predikat: str, *, unit: str = '', actor: str) -> int:
        """:meth:`CalibrationPart.set_org_predikat`."""
        return self._calibration.set_org_predikat(cycle_id, predikat, unit=unit, actor=actor)

    def org_predikat_frame(self, cycle_id: int, *, history: bool = False) -> pd.DataFrame:
        """:meth:`CalibrationPart.org_predikat_frame`."""
        return self._calibration.org_predikat_frame(cycle_id, history=history)

    def org_predikat(self, cycle_id: int, unit: str | None = None) -> str | None:
        """:meth:`CalibrationPart.org_predikat`."""
        return self._calibration.org_predikat(cycle_id, unit)

    def publish_cycle(
            self, cycle_id: int, snapshot: dict, *, keberatan_days: int, decision_days: int, note: str = '',
            forced_reason: str | None = None, actor: str) -> int:
        """:meth:`CalibrationPart.publish_cycle`."""
        return self._calibration.publish_cycle(
            cycle_id, snapshot, keberatan_days=keberatan_days, decision_days=decision_days, note=note,
            forced_reason=forced_reason, actor=actor)

    def publications_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`CalibrationPart.publications_frame`."""
        return self._calibration.publications_frame(cycle_id)

    def snapshot(self, cycle_id: int, version: int | None = None) -> dict | None:
        """:meth:`CalibrationPart.snapshot`."""
        return self._calibration.snapshot(cycle_id, version)

    def first_published_at(self, cycle_id: int) -> dt.datetime | None:
        """:meth:`CalibrationPart.first_published_at`."""
        return self._calibration.first_published_at(cycle_id)

    def open_results_link(self, token: str) -> dict:
        """:meth:`CalibrationPart.open_results_link`."""
        return self._calibration.open_results_link(token)

    def file_keberatan(
            self, cycle_id: int, nip: str, reason: str, *, actor: str, received=None) -> int:
        """:meth:`CalibrationPart.file_keberatan`."""
        return self._calibration.file_keberatan(cycle_id, nip, reason, actor=actor, received=received)

    def explain_keberatan(self, keberatan_id: int, explanation: str, *, actor: str) -> None:
        """:meth:`CalibrationPart.explain_keberatan`."""
        return self._calibration.explain_keberatan(keberatan_id, explanation, actor=actor)

    def decide_keberatan(
            self, keberatan_id: int, decision: str, reason: str, *, predikat: str | None = None,
            hasil_kerja: str | None = None, perilaku: str | None = None, matrix: dict | None = None,
            actor: str) -> int:
        """:meth:`CalibrationPart.decide_keberatan`."""
        return self._calibration.decide_keberatan(keberatan_id, decision, reason, predikat=predikat,
                                                  hasil_kerja=hasil_kerja, perilaku=perilaku, matrix=matrix,
                                                  actor=actor)

    def keberatan_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`CalibrationPart.keberatan_frame`."""
        return self._calibration.keberatan_frame(cycle_id)


    # PeriodsPart (periods)
    def snapshot_roster(self, cycle_id: int, *, actor: str) -> int:
        """:meth:`PeriodsPart.snapshot_roster`."""
        return self._periods.snapshot_roster(cycle_id, actor=actor)

    def cycle_members_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`PeriodsPart.cycle_members_frame`."""
        return self._periods.cycle_members_frame(cycle_id)


    # DevelopmentPart (development)
    def create_dialogs(self, cycle_id: int, nips=None, *, actor: str) -> pd.DataFrame:
        """:meth:`DevelopmentPart.create_dialogs`."""
        return self._development.create_dialogs(cycle_id, nips, actor=actor)

    def open_dialog_link(self, token: str) -> DialogSession:
        """:meth:`DevelopmentPart.open_dialog_link`."""
        return self._development.open_dialog_link(token)

    def dialog(self, token: str) -> dict:
        """:meth:`DevelopmentPart.dialog`."""
        return self._development.dialog(token)

    def save_dialog(self, token: str, held_on, notes: str, actions: list[dict]) -> dict:
        """:meth:`DevelopmentPart.save_dialog`."""
        return self._development.save_dialog(token, held_on, notes, actions)

    def set_action_status(self, token: str, position: int, status: str) -> None:
        """:meth:`DevelopmentPart.set_action_status`."""
        return self._development.set_action_status(token, position, status)

    def acknowledge_dialog(self, token: str, note: str = '') -> dt.datetime:
        """:meth:`DevelopmentPart.acknowledge_dialog`."""
        return self._development.acknowledge_dialog(token, note)

    def dev_actions_frame(self, cycle_id: int | None = None) -> pd.DataFrame:
        """:meth:`DevelopmentPart.dev_actions_frame`."""
        return self._development.dev_actions_frame(cycle_id)

    def dialogs_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`DevelopmentPart.dialogs_frame`."""
        return self._development.dialogs_frame(cycle_id)

    def set_setting(self, key: str, value, *, actor: str) -> None:
        """:meth:`DevelopmentPart.set_setting`."""
        return self._development.set_setting(key, value, actor=actor)

    def setting(self, key: str, default=None):
        """:meth:`DevelopmentPart.setting`."""
        return self._development.setting(key, default)


    # FeedbackPart (feedback)
    def feedback_target_records(self, token: str) -> list[dict]:
        """:meth:`FeedbackPart.feedback_target_records`."""
        return self._feedback.feedback_target_records(token)

    def feedback_targets(self, token: str) -> pd.DataFrame:
        """:meth:`FeedbackPart.feedback_targets`."""
        return self._feedback.feedback_targets(token)

    def add_feedback(self, token: str, nip: str, value_code: str, text: str) -> int:
        """:meth:`FeedbackPart.add_feedback`."""
        return self._feedback.add_feedback(token, nip, value_code, text)

    def edit_feedback(self, token: str, note_id: int, value_code: str, text: str) -> int:
        """:meth:`FeedbackPart.edit_feedback`."""
        return self._feedback.edit_feedback(token, note_id, value_code, text)

    def feedback_given_records(self, token: str) -> list[dict]:
        """:meth:`FeedbackPart.feedback_given_records`."""
        return self._feedback.feedback_given_records(token)

    def feedback_given(self, token: str) -> pd.DataFrame:
        """:meth:`FeedbackPart.feedback_given`."""
        return self._feedback.feedback_given(token)

    def feedback_received_records(self, token: str) -> list[dict]:
        """:meth:`FeedbackPart.feedback_received_records`."""
        return self._feedback.feedback_received_records(token)

    def feedback_received(self, token: str) -> pd.DataFrame:
        """:meth:`FeedbackPart.feedback_received`."""
        return self._feedback.feedback_received(token)

    def feedback_for_rating_records(self, token: str, assignment_id: int) -> list[dict]:
        """:meth:`FeedbackPart.feedback_for_rating_records`."""
        return self._feedback.feedback_for_rating_records(token, assignment_id)

    def feedback_for_rating(self, token: str, assignment_id: int) -> pd.DataFrame:
        """:meth:`FeedbackPart.feedback_for_rating`."""
        return self._feedback.feedback_for_rating(token, assignment_id)

    def feedback_history(self, token: str, note_id: int) -> pd.DataFrame:
        """:meth:`FeedbackPart.feedback_history`."""
        return self._feedback.feedback_history(token, note_id)

    def feedback_counts(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`FeedbackPart.feedback_counts`."""
        return self._feedback.feedback_counts(cycle_id)


    # StakeholdersPart (stakeholders)
    def add_stakeholder(
            self, cycle_id: int, ratee_nip: str, name: str, contact: str, organisation: str = '', *, actor: str) -> dict:
        """:meth:`StakeholdersPart.add_stakeholder`."""
        return self._stakeholders.add_stakeholder(cycle_id, ratee_nip, name, contact, organisation, actor=actor)

    def reissue_stakeholder_link(self, stakeholder_id: int, *, actor: str) -> str:
        """:meth:`StakeholdersPart.reissue_stakeholder_link`."""
        return self._stakeholders.reissue_stakeholder_link(stakeholder_id, actor=actor)

    def revoke_stakeholder_link(self, stakeholder_id: int, *, actor: str) -> None:
        """:meth:`StakeholdersPart.revoke_stakeholder_link`."""
        return self._stakeholders.revoke_stakeholder_link(stakeholder_id, actor=actor)

    def stakeholders_frame(self, cycle_id: int) -> pd.DataFrame:
        """:meth:`StakeholdersPart.stakeholders_frame`."""
        return self._stakeholders.stakeholders_frame(cycle_id)

    def open_stakeholder_link(self, token: str) -> StakeholderSession:
        """:meth:`StakeholdersPart.open_stakeholder_link`."""
        return self._stakeholders.open_stakeholder_link(token)

    def load_stakeholder_response(self, token: str) -> dict:
        """:meth:`StakeholdersPart.load_stakeholder_response`."""
        return self._stakeholders.load_stakeholder_response(token)

    def save_stakeholder_response(
            self, token: str, answers_in: dict, comments_in: dict | None = None, overall_comment: str = '', *,
            submit: bool = False, version: int | None = None) -> dict:
        """:meth:`StakeholdersPart.save_stakeholder_response`."""
        return self._stakeholders.save_stakeholder_response(
            token, answers_in, comments_in, overall_comment, submit=submit, version=version)
