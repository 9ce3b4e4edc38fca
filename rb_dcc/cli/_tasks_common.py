"""Shared parts of the submit / tasks / download commands: profile and client, task ids, errors
to exit codes, JSON output, progress bars.

Exit codes (see ``rb_dcc.cli``): 0 done, 1 the farm said no or a task failed, 2 bad input,
3 cannot reach the farm, 130 interrupted.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from typing import Any, Callable, Dict, List, Optional

from . import CliError
from .._text import human_bytes  # noqa: F401  (the CLI modules import it from here)

EXIT_OK, EXIT_FARM, EXIT_INPUT, EXIT_UNREACHABLE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

_ALIAS = re.compile(r"^\s*(?:\d*[A-Za-z]+)?(\d+)\s*$")


def add_common(parser, json_flag: bool = True) -> None:
    parser.add_argument("--profile", "-p", metavar="P", default=None,
                        help="profile to use (default: the default profile or RB_* environment variables)")
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def add_task_arg(parser) -> None:
    parser.add_argument("task", metavar="TASK", help="task id (19097) or alias (2W19097)")


def task_id_of(text: str) -> int:
    m = _ALIAS.match(str(text))
    if not m:
        raise CliError("%r is not a task id; give the number (19097) or the alias (2W19097)" % text)
    return int(m.group(1))


def client_for_args(args, profile: Optional[str] = None) -> Any:
    """The API client of ``--profile`` (or ``profile``, or the default); config problems become exit 2."""
    from ..config import client_for

    profile = getattr(args, "profile", None) or profile
    try:
        return client_for(profile)
    except CliError:
        raise
    except Exception as exc:  # noqa: BLE001 - every config failure is "bad input" for the CLI
        raise CliError("cannot use profile %s: %s" % (profile or "(default)", exc))


def profile_for_farm(domain: str, access_id: str) -> Optional[str]:
    """The name of a saved profile for this farm and account (None when there is none)."""
    try:
        from ..config import load_profiles

        for name, prof in load_profiles().items():
            if prof.domain == domain and str(prof.access_id) == str(access_id):
                return name
    except Exception:  # noqa: BLE001 - unreadable settings: fall back to the default profile
        return None
    return None


def exit_code_for(exc: BaseException) -> int:
    from ..api.errors import RenderbusError, TransportError

    if isinstance(exc, TransportError):
        return EXIT_UNREACHABLE
    if isinstance(exc, RenderbusError):
        return EXIT_FARM
    return EXIT_FARM


def guarded(fn: Callable[[Any], int]) -> Callable[[Any], int]:
    """Wrap a ``run(args)``: farm errors become one line on stderr and the documented exit code."""

    def run(args) -> int:
        from ..api.errors import RenderbusError

        try:
            return fn(args)
        except RenderbusError as exc:
            code = exit_code_for(exc)
            if getattr(args, "json", False):
                print_json({"ok": False, "error": str(exc), "code": getattr(exc, "code", None)})
            print("rb-dcc %s: %s" % (getattr(args, "command", ""), exc), file=sys.stderr)
            return code

    run.__doc__ = fn.__doc__
    return run


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=_jsonable) + "\n")
    sys.stdout.flush()


def _jsonable(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(obj)
    if isinstance(obj, (set, tuple)):
        return list(obj)
    return str(obj)


# ------------------------------------------------------------------------------------------ text
def human_duration(s: Optional[float]) -> str:
    if s is None:
        return "--:--"
    s = int(max(s, 0))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return "%d:%02d:%02d" % (h, m, sec) if h else "%d:%02d" % (m, sec)


def fmt_ms(ms: Optional[int]) -> str:
    if not ms:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ms / 1000.0))


def table(rows: List[List[str]], headers: List[str]) -> str:
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(str(cell)))
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    for row in rows:
        lines.append("  ".join(str(c).ljust(widths[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)


def status_label(code: Any) -> str:
    from ..api.status import TaskStatus

    if code is None:
        return "-"
    try:
        return TaskStatus(int(code)).label
    except (TypeError, ValueError):
        return str(code)


class ProgressBar:
    """One updating line on stderr (a TTY), or a line per stage change otherwise."""

    def __init__(self, stream=None, width: int = 28):
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.width = width
        self._stage = None
        self._seen: set = set()
        self._finished: set = set()
        self._lock = threading.Lock()
        self._last = 0.0

    def update(self, stage: str, message: str = "", files_done: int = 0, files_total: int = 0,
               bytes_done: int = 0, bytes_total: int = 0, rate_bps: float = 0.0, eta_s: Optional[float] = None) -> None:
        with self._lock:
            first_time = stage not in self._seen
            self._seen.add(stage)
            self._stage = stage
            if bytes_total:
                frac = min(max(bytes_done / float(bytes_total), 0.0), 1.0)
                bar = "#" * int(frac * self.width) + "-" * (self.width - int(frac * self.width))
                line = "%-8s [%s] %3d%%  %s / %s  %s/s  ETA %s  files %d/%d" % (
                    stage, bar, int(frac * 100), human_bytes(bytes_done), human_bytes(bytes_total),
                    human_bytes(rate_bps), human_duration(eta_s), files_done, files_total)
            else:
                line = "%-8s %s" % (stage, message)
            if self.tty:  # one line, rewritten (hashing and uploading overlap, so stages alternate)
                now = time.monotonic()
                if not first_time and now - self._last < 0.1 and bytes_done < bytes_total:
                    return
                self._last = now
                self.stream.write("\r" + line[:160].ljust(110))
            elif first_time or (bytes_total and bytes_done >= bytes_total and stage not in self._finished):
                if bytes_total and bytes_done >= bytes_total:
                    self._finished.add(stage)
                self.stream.write(line + "\n")
            self.stream.flush()

    def event(self, ev: Any) -> None:
        self.update(ev.stage, getattr(ev, "message", "") or getattr(ev, "current", ""), ev.files_done,
                    ev.files_total, ev.bytes_done, ev.bytes_total, ev.rate_bps, ev.eta_s)

    def close(self) -> None:
        with self._lock:
            if self.tty and self._stage is not None:
                self.stream.write("\n")
                self.stream.flush()
            self._stage = None


def run_cancellable(work: Callable[[threading.Event], Any], on_interrupt: Optional[Callable[[], None]] = None) -> Any:
    """Run ``work(cancel)`` in a thread; Ctrl-C sets ``cancel`` and waits for it to stop cleanly.

    Returns what ``work`` returned, or raises what it raised (``KeyboardInterrupt`` after a
    cancelled run unless ``work`` raised its own cancellation error).
    """
    cancel = threading.Event()
    box: Dict[str, Any] = {}

    def target():
        try:
            box["result"] = work(cancel)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            box["error"] = exc

    t = threading.Thread(target=target, name="rb-dcc-work", daemon=True)
    t.start()
    interrupted = False
    while t.is_alive():
        try:
            t.join(0.2)
        except KeyboardInterrupt:
            if interrupted:  # second Ctrl-C: stop waiting
                raise
            interrupted = True
            cancel.set()
            if on_interrupt is not None:
                on_interrupt()
    if "error" in box:
        raise box["error"]
    if interrupted:
        raise KeyboardInterrupt
    return box.get("result")


def confirm(question: str, assume_yes: bool) -> bool:
    """Ask on a terminal; without one (scripts) the answer is yes only with ``--yes``."""
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        return True
    try:
        answer = input("%s [y/N] " % question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def simple_action(verb: str, past: str, call: Callable[[Any, int], Any], *, destructive: bool = False):
    """``add_arguments`` and ``run`` for a one-call task action (stop, start, retry, ...)."""

    def add_arguments(parser) -> None:
        add_task_arg(parser)
        add_common(parser)
        if destructive:
            parser.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")

    @guarded
    def run(args) -> int:
        task_id = task_id_of(args.task)
        if destructive and not confirm("%s task %d?" % (verb.capitalize(), task_id), getattr(args, "yes", False)):
            raise CliError("not confirmed; nothing was done", exit_code=EXIT_INPUT)
        client = client_for_args(args)
        call(client, task_id)
        if args.json:
            print_json({"ok": True, "task_id": task_id, "action": verb})
        else:
            print("task %d %s" % (task_id, past))
        return EXIT_OK

    return add_arguments, run
