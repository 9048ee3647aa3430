"""Student kernels in a bubblewrap sandbox.

Plain ``nbgrader autograde`` runs each submission's kernel with the
instructor's rights, a few ``..`` away from ``source/`` (every solution) and
``gradebook.db`` (every grade).  :class:`SandboxedKernelManager` starts the
kernel under bubblewrap instead: it sees its own submission folder
(writable), the Python environment and the system's libraries (read-only), a
private ``/tmp``, no network and no other process, and nothing else of the
course.  It talks to nbgrader over Unix sockets (``transport = "ipc"``) in a
private folder bound into the sandbox, since a sandbox without a network has
no loopback to share.
"""

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager

PACKAGE = Path(__file__).resolve().parent
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc")


@functools.lru_cache(maxsize=None)
def available():
    """True when bubblewrap is installed and may create namespaces here."""
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return False
    probe = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-all", "true"], capture_output=True)
    return probe.returncode == 0


UNSANDBOXED = (
    "WARNING: bubblewrap (bwrap) cannot run here, so student code is graded WITHOUT a sandbox, with your "
    "rights and next to source/ and the gradebook. Install bubblewrap (Debian: apt-get install bubblewrap) "
    "or grade on a Linux machine that has it.\n"
    "CẢNH BÁO: không chạy được bubblewrap (bwrap) ở đây, nên code của sinh viên được chấm KHÔNG có hộp cát, "
    "với quyền của bạn và ngay cạnh source/ cùng sổ điểm. Hãy cài bubblewrap (Debian: apt-get install "
    "bubblewrap) hoặc chấm bài trên một máy Linux có sẵn nó."
)


@functools.lru_cache(maxsize=None)
def warn_unsandboxed():
    """Say it loudly, once per process."""
    print(UNSANDBOXED, file=sys.stderr, flush=True)


def read_only_paths():
    """What a kernel may read: the system, Python (venv and base), and the course package."""
    paths = [p for p in SYSTEM if os.path.exists(p)]
    paths += [sys.prefix, sys.base_prefix, str(PACKAGE)]
    return sorted({os.path.realpath(p) for p in paths} | set(paths))


def command(kernel_cmd, workdir, sockets):
    """``kernel_cmd`` wrapped in bubblewrap: ``workdir`` and ``sockets`` writable, the rest as above."""
    cmd = [shutil.which("bwrap"), "--die-with-parent", "--new-session",
           "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
           "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for path in read_only_paths():
        cmd += ["--ro-bind", path, path]
    for path in (sockets, workdir):
        cmd += ["--bind", path, path]
    cmd += ["--chdir", workdir,
            "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
            "--setenv", "IPYTHONDIR", "/tmp/ipython",
            # ipykernel would watch its parent's PID, which a new PID namespace hides
            "--unsetenv", "JPY_PARENT_PID"]
    return cmd + ["--"] + list(kernel_cmd)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run under bubblewrap (nbgrader's ``Execute.kernel_manager_class``)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._sockets = tempfile.mkdtemp(prefix="gradcourse-kernel-")
        self.transport = "ipc"
        self.ip = os.path.join(self._sockets, "kernel")
        self.connection_file = os.path.join(self._sockets, "kernel.json")

    async def _async_pre_start_kernel(self, **kw):
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        workdir = os.path.realpath(kw.get("cwd") or os.getcwd())
        return command(kernel_cmd, workdir, self._sockets), kw

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if not restart:
            shutil.rmtree(self._sockets, ignore_errors=True)
