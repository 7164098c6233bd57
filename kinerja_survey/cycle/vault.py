"""The link vault: personal links kept *encrypted* so that reminders can carry them.

The store keeps only the SHA-256 hash of a link token (a stolen database opens no form).  A
reminder that says "fill in your forms" without the link is of little use, so every link issued
through the use-case layer (``assign``, ``reissue_links``, ``add_rater``, ``replace_rater``) is
also sealed with Fernet (AES-128-CBC + HMAC-SHA256, ``cryptography``) under a key derived from the
installation secret (``present.exports.pseudonym_secret``: the file
``~/.config/kinerja-survey/pseudonym-secret``, mode 600, or ``$KINERJA_SURVEY_PSEUDONYM_SECRET``)
and stored in ``link_vault``.  The database alone still opens no form; the database *and* the
secret file together do.  The trade-off is written up in docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import pandas as pd

from ..store import Store, hash_token

_CONTEXT = b"kinerja-survey link vault v1"


def _fernet(secret: str | None = None):
    from cryptography.fernet import Fernet

    from ..present.exports import pseudonym_secret

    key = hmac.new(pseudonym_secret(secret).encode("utf-8"), _CONTEXT, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str, secret: str | None = None) -> str:
    """A token encrypted under the installation key."""
    return _fernet(secret).encrypt(str(token).encode("ascii")).decode("ascii")


def unseal(sealed: str | None, secret: str | None = None) -> str | None:
    """The token of ``seal``; None when it cannot be opened (another installation's key, damaged)."""
    from cryptography.fernet import InvalidToken

    if not sealed:
        return None
    try:
        return _fernet(secret).decrypt(str(sealed).encode("ascii")).decode("ascii")
    except (InvalidToken, ValueError):
        return None


def keep_links(store: Store, tokens, secret: str | None = None) -> int:
    """Seal and keep plain tokens just issued (an iterable of tokens, or a links frame with ``token``)."""
    if isinstance(tokens, pd.DataFrame):
        tokens = tokens["token"].tolist() if "token" in tokens else []
    tokens = [str(tok) for tok in tokens if tok]
    if not tokens:
        return 0
    f = _fernet(secret)
    return store.vault_put({hash_token(tok): f.encrypt(tok.encode("ascii")).decode("ascii") for tok in tokens})


def active_tokens(store: Store, cycle_id: int, secret: str | None = None) -> dict[int, str | None]:
    """``{employee_id: plain token or None}`` for every active link of a cycle (None: not in the vault)."""
    frame = store.vault_links(cycle_id)
    f = None
    out = {}
    for rec in frame.itertuples(index=False):
        token = None
        if isinstance(rec.token_enc, str) and rec.token_enc:
            f = f or _fernet(secret)
            try:
                token = f.decrypt(rec.token_enc.encode("ascii")).decode("ascii")
            except Exception:  # noqa: BLE001 - another key or damaged: treated as not kept
                token = None
        out[int(rec.employee_id)] = token
    return out
