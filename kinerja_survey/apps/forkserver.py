"""Rater kernels forked from a process that has already imported them: a visit stops paying for imports.

Every rater visit costs the server one kernel (the preheated pool hands one out and starts its
replacement).  A kernel started the usual way spends about 0.45 CPU-s before it runs a line of the
app: the interpreter, ipykernel/IPython/zmq, ipywidgets, SQLAlchemy and the rater module.  Under
``kinerja-survey serve`` the rater server instead keeps one **fork server** (this module, run as
``python -m kinerja_survey.apps.forkserver SOCKET``) that has imported all of that once, and every
kernel is a ``fork()`` of it that only initialises ipykernel (sockets, shell) for its own
connection file.

How a kernel is started (``share/kernels/python3``, on the rater server's ``JUPYTER_PATH``):

* jupyter_client launches ``python -S .../forked_kernel.py -f <connection file>`` as usual (a
  process of its own, in its own session, with the kernel's environment).  That launcher uses
  the standard library only and starts in about 10 ms;
* it connects to the fork server's Unix socket (``$KINERJA_FORKSERVER``, in a directory only the
  server's user can open), sends its arguments, environment and working directory and hands over
  its stdin/stdout/stderr (``SCM_RIGHTS``);
* the fork server forks; the child takes the launcher's streams, environment, directory and
  arguments and becomes the kernel as ``ipykernel_launcher`` would, except that the parent it
  watches (and exits without) is the fork server, and that ipywidgets, imported before there was
  a shell, registers its comm targets once the shell exists;
* the launcher stays as the kernel's stand-in for jupyter_client: it forwards signals (interrupt,
  terminate) to the kernel and exits when the kernel does.  If the launcher is killed, the kernel
  sees its socket close and exits at once, so killing what jupyter_client started still kills
  the kernel;
* without a fork server (not configured, not running, refusing) the launcher ``exec``\\ s a normal
  ``python -m ipykernel_launcher``: slower, never broken.

The fork server and its kernels get an environment without any secret (``serve.SECRET_ENVS``:
no SMTP login, no pseudonym/vault secret, no admin secret).  The fork server imports nothing but modules (no threads, no database connection, no event
loop) and freezes its objects for the garbage collector (``gc.freeze``), so a child's memory stays
shared with it until written.  It reaps its children (their CPU time is accounted to it), and
exits when the server that started it closes its stdin.  Forked kernels share the fork server's
hash seed and memory layout; the ``random`` module is reseeded in every child by Python itself,
``secrets``/``uuid`` read the OS.  The debugger (``debugpy``) is not imported: Voilà never lets a
page send ``debug_request`` anyway.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import threading

from .serve import SECRET_ENVS

FORKSERVER_ENV = "KINERJA_FORKSERVER"
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.comm", "ipywidgets",
           "urllib.request", "sqlalchemy.dialects.sqlite")
MAX_REQUEST = 1 << 20


def preload(modules) -> None:
    """Import what every kernel imports, once.  ``debugpy`` is kept out (no debugger in a kernel)."""
    sys.modules.setdefault("debugpy", None)  # ipykernel then runs without its debugger
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a kernel needing it imports it (and fails) itself
            print(f"forkserver: {name} not preloaded: {exc}", file=sys.stderr)


def _recv_request(conn: socket.socket) -> tuple[dict, list[int]]:
    """``({"argv", "env", "cwd"}, [stdin, stdout, stderr])`` from a launcher; ``ValueError`` if malformed."""
    data, fds, _flags, _addr = socket.recv_fds(conn, 65536, 3)
    try:
        if len(data) < 4:
            raise ValueError("short request")
        size = int.from_bytes(data[:4], "big")
        if size > MAX_REQUEST:
            raise ValueError("request too large")
        data = data[4:]
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise ValueError("truncated request")
            data += chunk
        request = json.loads(data[:size])
        if not (isinstance(request, dict) and isinstance(request.get("argv"), list)
                and isinstance(request.get("env"), dict) and isinstance(request.get("cwd"), str) and len(fds) == 3):
            raise ValueError("malformed request")
    except (ValueError, OSError):
        for fd in fds:
            os.close(fd)
        raise
    return request, fds


class ForkServer:
    """The accept/fork loop.  ``serve()`` returns only in a forked child, with the request it is to run."""

    def __init__(self, path: str):
        self.path = path
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            self.listener.bind(path)
        finally:
            os.umask(old)
        self.listener.listen(64)
        self.in_child = False

    @staticmethod
    def _reap(*_args) -> None:
        """Collect ended kernels (SIGCHLD): no zombies, and their CPU time is accounted to us."""
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    def serve(self):
        signal.signal(signal.SIGCHLD, self._reap)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us by closing our stdin
        sel = selectors.DefaultSelector()
        sel.register(self.listener, selectors.EVENT_READ, "accept")
        sel.register(sys.stdin, selectors.EVENT_READ, "parent")
        try:
            while True:
                for key, _ in sel.select():
                    if key.data == "parent":
                        if not os.read(sys.stdin.fileno(), 4096):
                            return None  # the server is gone
                        continue
                    try:
                        conn, _ = self.listener.accept()
                    except OSError:
                        continue
                    child = self._fork(conn, sel)
                    if child is not None:
                        return child
        finally:
            if not self.in_child:
                sel.close()
                self.listener.close()
                try:
                    os.unlink(self.path)
                except OSError:
                    pass

    def _fork(self, conn: socket.socket, sel):
        try:
            conn.settimeout(5)
            request, fds = _recv_request(conn)
        except (OSError, ValueError):
            conn.close()
            return None
        try:
            pid = os.fork()
        except OSError:
            for fd in fds:
                os.close(fd)
            conn.close()
            return None
        if pid == 0:
            self.in_child = True
            sel.close()
            self.listener.close()
            return request, fds, conn
        try:
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        except OSError:
            pass  # the launcher is gone: the child sees its socket close and exits
        for fd in fds:
            os.close(fd)
        conn.close()
        return None


def _watch_launcher(conn: socket.socket) -> None:
    """The launcher jupyter_client started is our stand-in: when it dies, so does the kernel."""
    conn.settimeout(None)
    try:
        while conn.recv(64):
            pass
    except OSError:
        pass
    os._exit(1)


def become_kernel(request: dict, fds: list[int], conn: socket.socket) -> None:
    """In the forked child: take over the launcher's streams, environment and arguments; run ipykernel."""
    for sig in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    env = {str(k): str(v) for k, v in request["env"].items()}
    for name in (FORKSERVER_ENV, *SECRET_ENVS):  # a rater kernel holds no secret (already left out upstream)
        env.pop(name, None)
    env["JPY_PARENT_PID"] = str(os.getppid())  # the fork server: ipykernel exits when it goes
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["ipykernel_launcher", *[str(a) for a in request["argv"]]]
    # the preloaded objects stay frozen: a full collection in the kernel would otherwise touch (copy) them all
    threading.Thread(target=_watch_launcher, args=(conn,), name="launcher-watch", daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    # as ipykernel_launcher's launch_new_instance, with two differences: the parent to watch is given
    # (IPKernelApp reads $JPY_PARENT_PID when ipykernel is imported, i.e. in the fork server), and
    # the widgets' comm targets are registered once the shell exists
    app = IPKernelApp.instance(parent_handle=os.getppid())
    app.initialize()
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        # imported before there was a shell: register its comm targets now, as its import does in a
        # kernel (without them the page falls back to asking for every widget's state one by one)
        widgets._handle_ipython()
    app.start()


def main(argv=None) -> None:
    """``python -m kinerja_survey.apps.forkserver SOCKET [MODULE ...]``: preload, then fork kernels on request."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        raise SystemExit("usage: python -m kinerja_survey.apps.forkserver SOCKET [MODULE ...]")
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does; the kernel's shell puts the cwd back
    preload([*PRELOAD, *args[1:]])
    server = ForkServer(args[0])
    gc.collect()
    gc.freeze()  # the preloaded objects stay shared with the children (no collector writes to them)
    child = server.serve()
    if child is None:
        return
    become_kernel(*child)


if __name__ == "__main__":
    main()
