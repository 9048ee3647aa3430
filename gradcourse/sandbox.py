"""Student kernels in a bubblewrap sandbox, whichever way the instructor grades.

nbgrader alone runs each submission's kernel with the instructor's rights, a
few ``..`` away from ``source/`` (every solution) and ``gradebook.db``
(every grade).  :class:`SandboxedKernelManager` starts the
kernel under bubblewrap instead: it sees its own submission folder
(writable), the Python environment and the system's libraries (read-only), a
private ``/tmp``, no network and no other process, and nothing else of the
course.  It talks to nbgrader over Unix sockets (``transport = "ipc"``) in a
private folder bound into the sandbox, since a sandbox without a network has
no loopback to share.

Resource limits are plain rlimits set by ``prlimit`` (util-linux): address
space, CPU seconds, processes and file size.  Linux does not count processes
against ``RLIMIT_NPROC`` for root, so when grading as root the kernel also
drops to ``nobody`` with ``setpriv`` (and its folder is lent to ``nobody``
while it runs); it reads a world-readable copy of the course package, and
the files of its folder are made readable, so a private course (0700
folders, ``umask 077``) still grades.  :class:`Sandbox` is the policy
(``c.Sandbox.enabled``, ``c.Sandbox.required``) that
:class:`gradcourse.execute.GuardedExecute` and :mod:`gradcourse.guard`
follow on every door.
"""

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, Integer
from traitlets.config import LoggingConfigurable

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
    "CẢNH BÁO: không chạy được bubblewrap (bwrap) ở đây, nên code của sinh viên được chấm KHÔNG có sandbox (môi trường cách ly), "
    "với quyền của bạn và ngay sát bên source/ cùng sổ điểm. Hãy cài bubblewrap (Debian: apt-get install "
    "bubblewrap) hoặc chấm bài trên một máy Linux có sẵn nó."
)


DISABLED = (
    "WARNING: the sandbox is switched off (Sandbox.enabled = False, or --no-sandbox), so student code is graded "
    "WITHOUT a sandbox, with your rights and next to source/ and the gradebook.\n"
    "CẢNH BÁO: sandbox đã bị tắt (Sandbox.enabled = False, hoặc --no-sandbox), nên code của sinh viên được chấm "
    "KHÔNG có sandbox, với quyền của bạn và ngay sát bên source/ cùng sổ điểm."
)


@functools.lru_cache(maxsize=None)
def warn_unsandboxed(message=UNSANDBOXED):
    """Say it loudly, once per process."""
    print(message, file=sys.stderr, flush=True)


REFUSED = (
    "Grading refused: bubblewrap (bwrap) cannot run here, and this course grades student code only inside "
    "the sandbox (Sandbox.required). Install bubblewrap (Debian: apt-get install bubblewrap), or, to grade "
    "unsandboxed on purpose, set c.Sandbox.required = False in nbgrader_config.py. Nothing was graded.\n"
    "Từ chối chấm: không chạy được bubblewrap (bwrap) ở đây, mà khoá học này chỉ chấm code của sinh viên "
    "bên trong sandbox (Sandbox.required). Hãy cài bubblewrap (Debian: apt-get install bubblewrap), hoặc, nếu "
    "cố ý chấm không có sandbox, đặt c.Sandbox.required = False trong nbgrader_config.py. Chưa bài nào được chấm."
)


class Sandbox(LoggingConfigurable):
    """Whether student kernels run in bubblewrap, and what to do where it cannot run (``c.Sandbox.*``)."""

    enabled = Bool(True, help="run each student's kernel in the bubblewrap sandbox").tag(config=True)
    required = Bool(True, help="refuse to grade when the sandbox cannot run here (rather than grade "
                               "unsandboxed with a warning)").tag(config=True)

    def kernel_manager_class(self):
        """The class to start student kernels with, or ``None`` for the caller's own (unsandboxed, warned).

        Raises :class:`SandboxUnavailable` where the sandbox is required but cannot run.
        """
        if self.enabled and available():
            return SandboxedKernelManager
        if self.enabled and self.required:
            raise SandboxUnavailable(REFUSED)
        warn_unsandboxed(self.warning)
        return None

    @property
    def warning(self):
        """Why kernels run unsandboxed, in both languages."""
        return UNSANDBOXED if self.enabled else DISABLED


class SandboxUnavailable(RuntimeError):
    """Grading must not start: the sandbox is required and cannot run."""


def read_only_paths():
    """What a kernel may read: the system, Python (venv and base, and site folders added by ``.pth`` files or
    ``PYTHONPATH``), and the course package; never a course folder itself."""
    paths = [p for p in SYSTEM if os.path.exists(p)]
    paths += [sys.prefix, sys.base_prefix, str(PACKAGE)]
    paths += [p for p in sys.path if os.path.basename(p) in ("site-packages", "dist-packages") and os.path.isdir(p)]
    return sorted({os.path.realpath(p) for p in paths} | set(paths))


def readable_package():
    """A copy of the course package that every user may read, made again only when the package changed.

    A kernel run as ``nobody`` must import the package, but an instructor's
    copy may be private (a course cloned with ``umask 077``, files 0600):
    the kernel then sees the copy at the package's own path, so tracebacks
    and ``__file__`` stay as they are.  A long-lived grader (the formgrader's
    server) sees a package updated under it, a new module included.
    """
    return _readable_copy(_fingerprint(PACKAGE))


def _fingerprint(root):
    """Each source file's path, size and time: what decides whether the copy is still the package."""
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            info = os.stat(os.path.join(folder, name))
            entries.append((os.path.relpath(os.path.join(folder, name), root), info.st_size, info.st_mtime_ns))
    return tuple(entries)


@functools.lru_cache(maxsize=None)
def _readable_copy(fingerprint):
    home = tempfile.mkdtemp(prefix="gradcourse-package-")
    atexit.register(shutil.rmtree, home, True)
    copy = os.path.join(home, PACKAGE.name)
    shutil.copytree(PACKAGE, copy)  # its __pycache__ too: the sources keep their times, so it stays valid
    for folder, dirs, files in os.walk(home):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    return copy


NOBODY = 65534


def share(folder):
    """Let every user read what nbgrader copied into a student's folder (the lesson's images, made 0600 under
    an instructor's ``umask 077``, would be out of reach of the kernel run as ``nobody``)."""
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            path = os.path.join(parent, name)
            os.chmod(path, os.stat(path).st_mode | 0o555)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, os.stat(path).st_mode | 0o444)


def limits_command(memory, cpu, processes, file_size):
    """``prlimit`` for the limits (bytes, seconds, count, bytes); core dumps off."""
    return [shutil.which("prlimit") or "prlimit", f"--as={memory}", f"--cpu={cpu}", f"--nproc={processes}",
            f"--fsize={file_size}", "--core=0", "--"]


def command(kernel_cmd, workdir, sockets, limits=(), tmp_size=256 * 2**20, as_nobody=False):
    """``kernel_cmd`` wrapped in bubblewrap: ``workdir`` and ``sockets`` writable, the rest as above.

    ``limits`` is a command prefix such as :func:`limits_command`'s; with
    ``as_nobody`` (bubblewrap started as root) the kernel runs as ``nobody``.
    """
    cmd = [shutil.which("bwrap"), "--die-with-parent", "--new-session",
           "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
           "--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", str(tmp_size), "--tmpfs", "/tmp"]
    binds = [("--ro-bind", path, path) for path in read_only_paths()]
    binds += [("--bind", sockets, sockets), ("--bind", workdir, workdir)]
    if as_nobody:  # the package as every user may read it, at its own path
        binds.append(("--ro-bind", readable_package(), str(PACKAGE)))
    # bubblewrap makes the folders leading to a mount 0700, which would shut out `nobody`
    parents = {str(parent) for *_, path in binds for parent in Path(path).parents if str(parent) != "/"}
    for parent in sorted(parents, key=lambda p: (p.count("/"), p)):
        cmd += ["--perms", "0755", "--dir", parent]
    for option, source, path in binds:
        cmd += [option, source, path]
    cmd += ["--chdir", workdir,
            "--setenv", "HOME", "/tmp", "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
            "--setenv", "IPYTHONDIR", "/tmp/ipython",
            # ipykernel would watch its parent's PID, which a new PID namespace hides
            "--unsetenv", "JPY_PARENT_PID"]
    cmd.append("--")
    if as_nobody:
        cmd += [shutil.which("setpriv") or "setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]
    return cmd + list(limits) + list(kernel_cmd)


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels run under bubblewrap (nbgrader's ``Execute.kernel_manager_class``).

    The limits are settings, e.g. ``c.SandboxedKernelManager.memory_limit`` in
    ``nbgrader_config.py`` or ``--SandboxedKernelManager.memory_limit=...``.
    """

    memory_limit = Integer(2 * 2**30, help="address space of the kernel, in bytes").tag(config=True)
    cpu_limit = Integer(300, help="CPU seconds for the whole notebook").tag(config=True)
    process_limit = Integer(128, help="processes and threads the kernel may run at once").tag(config=True)
    file_size_limit = Integer(64 * 2**20, help="largest file the kernel may write, in bytes").tag(config=True)
    tmp_size = Integer(256 * 2**20, help="size of the kernel's private /tmp, in bytes").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._sockets = tempfile.mkdtemp(prefix="gradcourse-kernel-")
        self.transport = "ipc"
        self.ip = os.path.join(self._sockets, "kernel")
        self.connection_file = os.path.join(self._sockets, "kernel.json")

    async def _async_pre_start_kernel(self, **kw):
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        workdir = os.path.realpath(kw.get("cwd") or os.getcwd())
        as_nobody = os.geteuid() == 0
        if as_nobody:
            self._lent = (workdir, os.stat(workdir).st_uid, os.stat(workdir).st_gid)
            for path in (workdir, self._sockets, self.connection_file):
                os.chown(path, NOBODY, NOBODY)
            share(workdir)
        limits = limits_command(self.memory_limit, self.cpu_limit, self.process_limit, self.file_size_limit)
        return command(kernel_cmd, workdir, self._sockets, limits, self.tmp_size, as_nobody), kw

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart=restart)
        if getattr(self, "_lent", None):
            workdir, uid, gid = self._lent
            os.chown(workdir, uid, gid)
            self._lent = None
        if not restart:
            shutil.rmtree(self._sockets, ignore_errors=True)


KERNEL_MANAGER = f"{SandboxedKernelManager.__module__}.{SandboxedKernelManager.__name__}"
