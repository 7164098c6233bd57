"""The rater server's kernel launcher: asks the fork server for a kernel and stands in for it.

Run by jupyter_client as ``python -S forked_kernel.py -f <connection file>`` (kernel.json beside
this file; standard library only, so ``-S`` starts it in ~10 ms).  See
``kinerja_survey.apps.forkserver``: the launcher hands its arguments, environment, working
directory and stdin/stdout/stderr to the fork server, whose forked child becomes the kernel; the
launcher forwards signals to that kernel and exits when it does (if the launcher is killed, the
kernel exits too).  Without a fork server it becomes an ordinary ``python -m ipykernel_launcher``.
"""

import json
import os
import signal
import socket
import sys

FORKSERVER_ENV = "KINERJA_FORKSERVER"
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


def ordinary_kernel(argv):
    os.environ.pop(FORKSERVER_ENV, None)
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *argv])


def forked_kernel(path, argv):
    """The kernel's pid and the socket it watches, or None when the fork server cannot help."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(10)
        sock.connect(path)
        env = {k: v for k, v in os.environ.items() if k != FORKSERVER_ENV}
        body = json.dumps({"argv": argv, "env": env, "cwd": os.getcwd()}).encode()
        data = len(body).to_bytes(4, "big") + body
        sent = socket.send_fds(sock, [data], [0, 1, 2])
        if sent < len(data):
            sock.sendall(data[sent:])
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = sock.recv(256)
            if not chunk:
                raise OSError("the fork server closed the connection")
            reply += chunk
        return int(json.loads(reply)["pid"]), sock
    except (OSError, ValueError, KeyError):
        sock.close()
        return None


def main():
    argv = sys.argv[1:]
    path = os.environ.get(FORKSERVER_ENV)
    got = forked_kernel(path, argv) if path else None
    if got is None:
        ordinary_kernel(argv)
    pid, sock = got

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    for sig in FORWARDED:
        signal.signal(sig, forward)
    sock.settimeout(None)
    while True:  # the kernel holds the other end: end of file when it exits
        try:
            if not sock.recv(64):
                break
        except InterruptedError:
            continue
        except OSError:
            break
    sys.exit(0)


if __name__ == "__main__":
    main()
