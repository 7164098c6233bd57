"""The rater server's fork server (``kinerja_survey.apps.forkserver``) and its kernel launcher
(``kinerja_survey/apps/share/kernels/python3``), with real kernels driven through jupyter_client.

A kernel asked of the launcher is a fork of the fork server that behaves like an ordinary kernel
(its own environment, directory and streams, interrupts, shutdown, widgets' comm targets); killing
the launcher (what jupyter_client started) kills the kernel, and so does the fork server dying;
the fork server reaps its kernels (no
zombies, their CPU time accounted to it), refuses garbage, exits with the server that started it,
and without it the launcher starts an ordinary kernel.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
KERNELS = ROOT / "kinerja_survey" / "apps" / "share" / "kernels"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}
ENV.pop("KINERJA_FORKSERVER", None)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@pytest.fixture
def forkserver():
    """A fork server on a socket in a private directory; stopped by closing its stdin, as the server does."""
    folder = tempfile.mkdtemp(prefix="ks-fork-test-")  # short path: a Unix socket path has ~100 bytes
    path = os.path.join(folder, "fork.sock")
    proc = subprocess.Popen([sys.executable, "-m", "kinerja_survey.apps.forkserver", path, "kinerja_survey.apps.rater"],
                            stdin=subprocess.PIPE, env=ENV, cwd=folder)
    wait_for(lambda: os.path.exists(path) or proc.poll() is not None, 60, "fork server listening")
    assert proc.poll() is None
    yield proc, path
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(20)
    shutil.rmtree(folder, ignore_errors=True)


def start(env: dict, cwd: str | None = None) -> KernelManager:
    km = KernelManager(kernel_name="python3", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(KERNELS)]))
    assert Path(km.kernel_spec.resource_dir) == KERNELS / "python3"  # our launcher, not the venv's kernel
    km.start_kernel(env=env, cwd=cwd)
    return km


def run(km: KernelManager, code: str, timeout: float = 60) -> tuple[str, dict]:
    """Execute ``code``; (what it printed, the execute reply's content)."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout)
        out = []
        reply = kc.execute_interactive(code, timeout=timeout,
                                       output_hook=lambda m: out.append(m["content"].get("text", ""))
                                       if m["msg_type"] == "stream" else None)
        return "".join(out).strip(), reply["content"]
    finally:
        kc.stop_channels()


def test_a_forked_kernel_behaves_like_an_ordinary_one(forkserver, tmp_path):
    proc, path = forkserver
    km = start({**ENV, "KINERJA_FORKSERVER": path, "KINERJA_KERNEL_KEY": "kunci-uji"}, cwd=str(tmp_path))
    try:
        out, reply = run(km, "import os, sys, comm\n"
                             "print(os.getppid(), os.getpid(), os.getcwd())\n"
                             "print(os.environ.get('KINERJA_KERNEL_KEY'), 'KINERJA_FORKSERVER' in os.environ)\n"
                             "print(sorted(comm.get_comm_manager().targets))\n"
                             "print('kinerja_survey.apps.rater' in sys.modules, 'pandas' in sys.modules)")
        assert reply["status"] == "ok", reply
        ids, env, targets, modules = out.splitlines()
        ppid, pid, cwd = ids.split(" ", 2)
        assert int(ppid) == proc.pid and int(pid) != km.provisioner.process.pid  # a child of the fork server
        assert cwd == str(tmp_path)
        assert env == "kunci-uji False"  # its own environment, without the fork server's address
        assert "jupyter.widget" in targets and "jupyter.widget.control" in targets  # widgets work as usual
        assert modules == "True False"  # preloaded, and still no pandas
        # an interrupt (SIGINT to the launcher's process group) reaches the kernel
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(30)
        msg_id = kc.execute("import time\ntime.sleep(60)")
        time.sleep(1.0)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=20)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=20)
        kc.stop_channels()
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    finally:
        km.shutdown_kernel(now=False)
    wait_for(lambda: not psutil.pid_exists(int(pid)), 20, "the kernel ended with its shutdown")


def test_killing_the_launcher_kills_the_kernel(forkserver):
    _proc, path = forkserver
    km = start({**ENV, "KINERJA_FORKSERVER": path})
    out, _ = run(km, "import os; print(os.getpid())")
    kernel = int(out)
    launcher = km.provisioner.process.pid
    assert kernel != launcher and psutil.pid_exists(kernel)
    os.kill(launcher, signal.SIGKILL)
    wait_for(lambda: not psutil.pid_exists(kernel), 10, "the kernel ended with its launcher")
    km.cleanup_resources()


def test_a_kernel_ends_when_the_fork_server_dies(forkserver):
    proc, path = forkserver
    km = start({**ENV, "KINERJA_FORKSERVER": path})
    kernel = int(run(km, "import os; print(os.getpid())")[0])
    proc.kill()  # not stopped: killed (its children are orphaned)
    proc.wait(10)
    wait_for(lambda: not psutil.pid_exists(kernel), 15, "the orphaned kernel ended")
    wait_for(lambda: km.provisioner.process.poll() is not None, 10, "its launcher ended with it")
    km.cleanup_resources()


def test_ended_kernels_are_reaped_and_their_cpu_is_accounted(forkserver):
    proc, path = forkserver
    fork = psutil.Process(proc.pid)
    before = fork.cpu_times()
    km = start({**ENV, "KINERJA_FORKSERVER": path})
    out, _ = run(km, "import os, resource\n"
                     "x = sum(range(40_000_000))\n"
                     "r = resource.getrusage(resource.RUSAGE_SELF)\n"
                     "print(os.getpid(), r.ru_utime + r.ru_stime)")
    pid, used = out.split()
    km.shutdown_kernel(now=False)
    wait_for(lambda: not psutil.pid_exists(int(pid)), 20, "the kernel reaped (no zombie left)")
    after = fork.cpu_times()
    grew = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    assert grew >= float(used) * 0.9 > 0.2  # a kernel's CPU is counted by the process that reaped it


def test_the_fork_server_survives_garbage_and_exits_with_its_server(forkserver):
    proc, path = forkserver
    for junk in (b"", b"\x00\x00\x00\x05{nope", b"\xff\xff\xff\xff", b"\x00\x00\x00\x02[]"):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.connect(path)
            s.sendall(junk)  # no streams handed over either: refused
            s.shutdown(socket.SHUT_WR)
            assert s.recv(100) == b""
    assert proc.poll() is None
    assert os.stat(path).st_mode & 0o777 == 0o600  # only its user may ask it for kernels
    km = start({**ENV, "KINERJA_FORKSERVER": path})  # still serves a real request
    try:
        assert run(km, "print(6 * 7)")[0] == "42"
    finally:
        km.shutdown_kernel(now=False)
    proc.stdin.close()  # the server that started it is gone
    assert proc.wait(20) == 0
    assert not os.path.exists(path)


def test_without_a_fork_server_the_launcher_starts_an_ordinary_kernel(tmp_path):
    for env in (ENV, {**ENV, "KINERJA_FORKSERVER": str(tmp_path / "nobody-listens.sock")}):
        km = start(env)
        try:
            out, reply = run(km, "import os, sys; print(os.getpid(), 'KINERJA_FORKSERVER' in os.environ)")
            pid, leaked = out.split()
            assert reply["status"] == "ok"
            # the launcher itself became the kernel (exec), so jupyter_client's process is the kernel
            assert int(pid) == km.provisioner.process.pid and leaked == "False"
        finally:
            km.shutdown_kernel(now=False)
