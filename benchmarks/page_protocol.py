"""A browserless rater page: what the rater page's JavaScript says to the server, and nothing else.

``PageClient`` opens a personal link the way the page in Chromium does (issue 24), so that the load
generator (``bench_capacity.py``, Locust) measures the server with the real protocol:

1. ``GET /?token=…`` (the page; its HttpOnly page cookie is kept in the session);
2. ``GET /api/kernels/<id>`` (the kernel model, with the page cookie);
3. the kernel websocket ``/api/kernels/<id>/channels?session_id=…`` with the
   ``v1.kernel.websocket.jupyter.org`` subprotocol (binary frames, as JupyterLab's services do);
4. ``kernel_info_request``, then the widget control comm as ipywidgets 8 opens it:
   ``comm_open(target_name="jupyter.widget.control")``, ``comm_msg({"method": "request_states"})``
   and, once the ``update_states`` reply is in, ``comm_close``;
5. widget actions as the widget views send them: a button click is
   ``comm_msg({"method": "custom", "content": {"event": "click"}})``, a radio choice
   ``comm_msg({"method": "update", "state": {"index": i}, "buffer_paths": []})``, a text
   ``comm_msg({"method": "update", "state": {"value": …}, "buffer_paths": []})``;
6. the page script's liveness ping (``kinerja.js``: the hidden ``.ks-ping`` Text widget) every
   ``PING_EVERY`` seconds while the rater is active;
7. on leaving, Voilà's ``beforeunload`` beacon ``POST /voila/api/shutdown/<id>``.

Widgets are found as the page's CSS finds them: by their ``_dom_classes`` (``ks-open-<id>``,
``ks-choice-<item>``, ``ks-overall``, ``ks-save``, ``ks-submit``, ``ks-save-status``, ...).  An
action "returns" when the kernel reports ``idle`` for the message that carried it (its handler,
the database write included, has run); the page then shows the outcome, read here from the same
widgets (``data-saved-at`` in ``.ks-save-status``, ``ks-msg-ok``/``ks-msg-error`` in
``.ks-message``).

``tests/test_capacity_protocol.py`` records what Chromium sends to one page and checks that this
client sends the same message types in the same order.

Only the standard library, ``requests`` and ``websocket-client``: it runs under Locust's gevent
and in plain threads alike.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import websocket

SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_PROTOCOL = "1.0.0"  # ipywidgets' __control_protocol_version__: the kernel refuses another major
PING_EVERY = 5.0            # kinerja.js PING_EVERY (ms / 1000)
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')
SAVED_AT = re.compile(r"data-saved-at='([^']*)'")


class PageError(RuntimeError):
    """The page did not do what a person would see it do (HTTP error, lost websocket, timeout, an
    error message on the form).  ``step`` names the step."""

    def __init__(self, step: str, detail: str):
        super().__init__(f"{step}: {detail}")
        self.step, self.detail = step, detail


class PageFull(PageError):
    """The server answered with its waiting room / "server penuh" page (HTTP 503/429)."""


# --------------------------------------------------------------------------------------------
# The kernel protocol over the websocket (v1 binary frames)
# --------------------------------------------------------------------------------------------
def pack_v1(channel: str, msg: dict) -> bytes:
    """A message as a ``v1.kernel.websocket.jupyter.org`` frame (jupyter_server's
    ``serialize_msg_to_ws_v1``): 8-byte little-endian count, the offsets, then channel, header,
    parent header, metadata, content."""
    parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata", "content")]
    chan = channel.encode()
    offsets = [8 * (1 + 1 + len(parts) + 1)]
    offsets.append(offsets[-1] + len(chan))
    for p in parts:
        offsets.append(offsets[-1] + len(p))
    return b"".join([len(offsets).to_bytes(8, "little"), *(o.to_bytes(8, "little") for o in offsets), chan, *parts])


def unpack_v1(frame: bytes) -> tuple[str, dict]:
    """``(channel, message)`` of a v1 frame (buffers, unused by this app, are dropped)."""
    n = int.from_bytes(frame[:8], "little")
    offs = [int.from_bytes(frame[8 * (i + 1):8 * (i + 2)], "little") for i in range(n)]
    channel = frame[offs[0]:offs[1]].decode()
    names = ("header", "parent_header", "metadata", "content")
    msg = {}
    for i, name in enumerate(names):
        start = offs[i + 1]
        end = offs[i + 2] if i + 2 < len(offs) else len(frame)
        msg[name] = json.loads(frame[start:end]) if end > start else {}
    return channel, msg


def decode_frame(payload) -> tuple[str, dict]:
    """A websocket frame as the page sees it, binary (v1) or JSON text (legacy protocol)."""
    if isinstance(payload, (bytes, bytearray, memoryview)):
        return unpack_v1(bytes(payload))
    msg = json.loads(payload)
    return msg.get("channel", ""), msg


def describe(msg: dict, classes_of=None) -> str:
    """A short name of a message the page sends: ``kernel_info_request``,
    ``comm_open:jupyter.widget.control``, ``comm_msg:request_states``,
    ``comm_msg:update:index@ks-choice``, ``comm_msg:custom:click@ks-save`` ...

    ``classes_of(comm_id)`` gives the widget's ``_dom_classes``; its first class (the widget's
    kind, e.g. ``ks-choice``, ``ks-open``) names the target."""
    mtype = msg["header"]["msg_type"]
    content = msg.get("content") or {}
    if mtype == "comm_open":
        return f"comm_open:{content.get('target_name')}"
    if mtype != "comm_msg":
        return mtype
    data = content.get("data") or {}
    method = data.get("method")
    if method == "request_states":
        return "comm_msg:request_states"
    classes = list(classes_of(content.get("comm_id")) or []) if classes_of else []
    target = classes[0] if classes else "?"
    if method == "custom":
        return f"comm_msg:custom:{(data.get('content') or {}).get('event')}@{target}"
    if method == "update":
        return f"comm_msg:update:{','.join(sorted((data.get('state') or {}).keys()))}@{target}"
    return f"comm_msg:{method}"


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------
@dataclass
class Confirmed:
    """What the page has shown as stored for one form (the last save that returned)."""

    token: str
    assignment_id: int
    answers: dict = field(default_factory=dict)      # item code -> scale value
    overall_comment: str = ""
    submitted: bool = False


class PageClient:
    """One rater page, without a browser.

    Parameters
    ----------
    base_url : str
        The rater server, ``http://host:port/``.
    timeout : float
        Seconds any one step may take before it is an error.
    record : callable, optional
        ``record(step, seconds, error)`` after every timed step (the Locust user reports them).
    """

    def __init__(self, base_url: str, timeout: float = 60.0, record=None):
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.record = record or (lambda step, seconds, error=None: None)
        self.http = requests.Session()
        self.ws: websocket.WebSocket | None = None
        self.kernel_id = ""
        self.session_id = uuid.uuid4().hex
        self.models: dict[str, dict] = {}        # comm_id -> widget state
        self.seen_classes: dict[str, list] = {}  # comm_id -> _dom_classes, kept after the widget closed
        self.sent: list[dict] = []               # every message sent, in order (for the protocol test)
        self._cond = threading.Condition()
        self._idle: set[str] = set()             # msg_ids the kernel has finished
        self._replies: dict[str, dict] = {}      # msg_id -> shell reply / control-comm reply
        self._reader: threading.Thread | None = None
        self._closed = False
        self._last_ping = 0.0
        self.token = ""
        self.form: Confirmed | None = None

    # -- low level ----------------------------------------------------------------------------
    def _message(self, msg_type: str, content: dict, metadata: dict | None = None) -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "", "session": self.session_id,
                           "date": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()), "version": "5.2"},
                "parent_header": {}, "metadata": metadata or {}, "content": content, "channel": "shell"}

    def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        msg = self._message(msg_type, content, metadata)
        self.sent.append(msg)
        self.ws.send_binary(pack_v1("shell", msg))
        return msg["header"]["msg_id"]

    def _read(self) -> None:
        ws = self.ws
        try:
            while not self._closed:
                payload = ws.recv()
                if not payload:
                    break
                channel, msg = decode_frame(payload)
                self._handle(channel, msg)
        except Exception:  # noqa: BLE001, S110 - the socket closed: waiters see _closed
            pass
        finally:
            with self._cond:
                self._closed = True
                self._cond.notify_all()

    def _handle(self, channel: str, msg: dict) -> None:
        mtype = msg["header"].get("msg_type")
        content = msg.get("content") or {}
        parent = (msg.get("parent_header") or {}).get("msg_id")
        with self._cond:
            if mtype == "comm_open":
                data = content.get("data") or {}
                self.models[content["comm_id"]] = dict(data.get("state") or {})
                self.seen_classes[content["comm_id"]] = list(self.models[content["comm_id"]].get("_dom_classes") or [])
            elif mtype == "comm_msg":
                data = content.get("data") or {}
                method = data.get("method")
                if method == "update_states":
                    for mid, entry in (data.get("states") or {}).items():
                        self.models[mid] = dict(entry.get("state") or {})
                        self.seen_classes[mid] = list(self.models[mid].get("_dom_classes") or [])
                    self._replies[parent] = data
                elif method in ("update", "echo_update"):
                    self.models.setdefault(content["comm_id"], {}).update(data.get("state") or {})
            elif mtype == "comm_close":
                self.models.pop(content.get("comm_id"), None)
            elif mtype == "status" and content.get("execution_state") == "idle" and parent:
                self._idle.add(parent)
            elif channel == "shell" and mtype.endswith("_reply"):
                self._replies[parent] = content
            self._cond.notify_all()

    def _wait(self, predicate, step: str, timeout: float | None = None):
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        with self._cond:
            while True:
                value = predicate()
                if value:
                    return value
                if self._closed:
                    raise PageError(step, "websocket closed")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PageError(step, "timeout")
                self._cond.wait(min(left, 1.0))

    def find(self, cls: str) -> list[str]:
        """Comm ids of the widgets carrying the CSS class ``cls``."""
        with self._cond:
            return [mid for mid, st in self.models.items() if cls in (st.get("_dom_classes") or ())]

    def one(self, cls: str) -> str:
        ids = self.find(cls)
        if not ids:
            raise PageError("find", f"no widget .{cls}")
        return ids[-1]

    def classes_of(self, comm_id: str) -> list[str]:
        """The CSS classes of a widget this page has seen (also after it closed)."""
        with self._cond:
            return list(self.seen_classes.get(comm_id) or [])

    def value(self, cls: str) -> str:
        ids = self.find(cls)
        with self._cond:
            return str(self.models[ids[-1]].get("value", "")) if ids else ""

    def act(self, comm_id: str, data: dict, step: str) -> float:
        """Send one widget message and wait until the kernel has handled it; returns seconds."""
        t0 = time.perf_counter()
        msg_id = self.send("comm_msg", {"comm_id": comm_id, "data": data})
        self._wait(lambda: msg_id in self._idle, step)
        return time.perf_counter() - t0

    def click(self, comm_id: str, step: str) -> float:
        return self.act(comm_id, {"method": "custom", "content": {"event": "click"}}, step)

    def update(self, comm_id: str, state: dict, step: str) -> float:
        return self.act(comm_id, {"method": "update", "state": state, "buffer_paths": []}, step)

    def ping(self, force: bool = False) -> None:
        """The page script's liveness ping, at most every ``PING_EVERY`` s (or now with ``force``)."""
        if not force and time.monotonic() - self._last_ping < PING_EVERY:
            return
        ids = self.find("ks-ping")
        if not ids:
            return
        self._last_ping = time.monotonic()
        nonce = uuid.uuid4().hex[:14]
        self.update(ids[-1], {"value": nonce}, "ping")
        self._wait(lambda: f"data-pong='{nonce}'" in self.value("ks-pong"), "ping")

    # -- what a rater does --------------------------------------------------------------------
    def open(self, token: str) -> float:
        """Open the link and wait until the task list (or the form) is there; returns link→list seconds."""
        self.token = token
        t0 = time.perf_counter()
        resp = self.http.get(self.base_url, params={"token": token}, timeout=self.timeout)
        if resp.status_code in (429, 503):
            raise PageFull("page", f"HTTP {resp.status_code}")
        if resp.status_code != 200:
            raise PageError("page", f"HTTP {resp.status_code}")
        found = KERNEL_ID.search(resp.text)
        if not found:
            raise PageFull("page", "no kernel in the page") if "ks-wait" in resp.text else PageError("page", "no kernel id")
        self.kernel_id = found.group(1)
        model = self.http.get(f"{self.base_url}api/kernels/{self.kernel_id}", params={str(int(time.time() * 1000)): ""},
                              timeout=self.timeout)
        if model.status_code != 200:
            raise PageError("kernel_model", f"HTTP {model.status_code}")
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        self.ws = websocket.create_connection(
            f"{scheme}://{parts.netloc}{parts.path}api/kernels/{self.kernel_id}/channels?session_id={self.session_id}",
            subprotocols=[SUBPROTOCOL], header=[f"Cookie: {cookie}"], timeout=self.timeout,
            enable_multithread=True)
        self.ws.settimeout(None)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        info = self.send("kernel_info_request", {})
        self._wait(lambda: info in self._replies, "kernel_info")
        control = uuid.uuid4().hex
        self.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}},
                  {"version": CONTROL_PROTOCOL})
        states = self.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        self._wait(lambda: states in self._replies, "request_states")
        self.send("comm_close", {"comm_id": control, "data": {}})
        self._wait(lambda: self.find("ks-task") or self.find("ks-form") or self.find("ks-denied-message"), "task_list")
        if not (self.find("ks-task") or self.find("ks-form")):
            raise PageError("task_list", "no task list")
        seconds = time.perf_counter() - t0
        self.ping(force=True)
        return seconds

    def pending_tasks(self) -> list[int]:
        """Assignment ids whose "Isi" button is primary (not yet submitted), in page order."""
        out = []
        with self._cond:
            for st in self.models.values():
                classes = st.get("_dom_classes") or []
                if "ks-open" in classes and st.get("button_style") == "primary":
                    out += [int(c[len("ks-open-"):]) for c in classes if c.startswith("ks-open-")]
        return out

    def open_form(self, assignment_id: int) -> float:
        """Tap a task card; wait for its form.  Returns seconds."""
        self.ping()
        t0 = time.perf_counter()
        self.click(self.one(f"ks-open-{assignment_id}"), "open_form")
        self._wait(lambda: self.find("ks-form") and self.find("ks-submit"), "open_form")
        self.form = Confirmed(self.token, assignment_id)
        return time.perf_counter() - t0

    def items(self) -> list[str]:
        """Item codes of the open form, in page order."""
        out = []
        with self._cond:
            for st in self.models.values():
                for c in st.get("_dom_classes") or ():
                    if c.startswith("ks-choice-") and c != "ks-choice-na":
                        out.append(c[len("ks-choice-"):])
        return out

    def _saved(self, step: str) -> str:
        """The form's outcome after a write: the stamp of the save, or PageError with the page's message."""
        message = self.value("ks-message")
        if "ks-msg-error" in message:
            raise PageError(step, re.sub(r"<[^>]+>", "", message)[:120])
        stamp = SAVED_AT.search(self.value("ks-save-status"))
        if not stamp or not stamp.group(1):
            raise PageError(step, "no saved-at stamp")
        return stamp.group(1)

    def answer(self, code: str, index: int) -> float:
        """Choose option ``index`` of item ``code``: the app saves a draft at once (autosave)."""
        self.ping()
        comm = self.one(f"ks-choice-{code}")
        with self._cond:
            label = (self.models[comm].get("_options_labels") or [])[index]
        seconds = self.update(comm, {"index": index}, "answer")
        self._saved("answer")
        self.form.answers[code] = int(str(label).split("·")[0].strip())
        return seconds

    def comment(self, text: str) -> float:
        """Write the overall comment (one update when the field loses focus: continuous_update off)."""
        self.ping()
        seconds = self.update(self.one("ks-overall"), {"value": text}, "comment")
        self._saved("comment")
        self.form.overall_comment = text
        return seconds

    def save(self) -> float:
        """Tap "Simpan draf"."""
        self.ping()
        seconds = self.click(self.one("ks-save"), "save")
        self._saved("save")
        return seconds

    def submit(self) -> float:
        """Tap "Kirim"; the page must say it was sent."""
        self.ping()
        seconds = self.click(self.one("ks-submit"), "submit")
        message = self.value("ks-message")
        if "ks-msg-ok" not in message:
            raise PageError("submit", re.sub(r"<[^>]+>", "", message)[:120] or "no confirmation")
        self.form.submitted = True
        return seconds

    def release(self) -> float:
        """Idle release as the page script does it (``apps/idle.py``): ask the kernel to save
        (``.ks-idle``), wait for its answer (``.ks-idle-ack``), then shut the page's kernel down."""
        t0 = time.perf_counter()
        nonce = "r" + uuid.uuid4().hex[:12]
        self.update(self.one("ks-idle"), {"value": nonce}, "release")
        ack = self._wait(lambda: f"data-ack='{nonce}'" in self.value("ks-idle-ack") and self.value("ks-idle-ack"),
                         "release")
        if "data-ok='1'" not in ack:
            raise PageError("release", "the kernel did not save")
        resp = self.http.post(f"{self.base_url}voila/api/shutdown/{self.kernel_id}", data=b"", timeout=self.timeout)
        if resp.status_code != 204:
            raise PageError("release", f"HTTP {resp.status_code}")
        self.kernel_id = ""
        return time.perf_counter() - t0

    def close(self, beacon: bool = True) -> None:
        """Leave the page: Voilà's shutdown beacon (``beforeunload``), then the websocket closes."""
        if beacon and self.kernel_id:
            try:
                self.http.post(f"{self.base_url}voila/api/shutdown/{self.kernel_id}", data=b"", timeout=10)
            except requests.RequestException:
                pass
        self._closed = True
        if self.ws is not None:
            # the close frame, then the socket closed at once: websocket-client's close() would wait
            # for the server's close frame on a lock the reader thread holds in recv() (a deadlock
            # when that frame never comes); the reader's recv() fails and it ends
            try:
                self.ws.send_close()
            except Exception:  # noqa: BLE001, S110 - already closed
                pass
            try:
                self.ws.shutdown()
            except Exception:  # noqa: BLE001, S110 - already closed
                pass
        self.http.close()
