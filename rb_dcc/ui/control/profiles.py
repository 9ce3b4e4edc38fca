"""Profiles: which farm the panel talks to. No Qt in here.

``ProfileController`` loads the saved profiles, checks new credentials against the farm before
saving them (the key goes to the keyring through ``rb_dcc.config``), and makes the one-click
"Local farm" profile: it starts the bundled local farm in this process when none is running.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Dict, Optional

from ..errors import ErrorInfo
from ..i18n import tr
from ..observable import Event

LOCAL = "local"
_farm_lock = threading.Lock()
_farms: Dict[str, Any] = {}  # data dir -> running LocalFarm started by this process


def local_farm_dir() -> str:
    """Where the local farm keeps its state (the same default as ``rb-dcc farm``)."""
    from rb_dcc.cli.farm import default_data_dir

    return str(default_data_dir())


class FarmProcess:
    """The local farm running as a child process (``python -m rb_dcc.localfarm``).

    Used where the panel runs in its own process (``rb-dcc demo``): the farm's work then never
    competes with the panel's GUI thread for the interpreter lock.
    """

    protocol = "http"
    platform = "2"

    def __init__(self, data_dir: str, speed: float = 10.0, python: Optional[str] = None):
        import json
        import subprocess
        import sys
        import time

        self.data_dir = os.path.abspath(data_dir)
        os.makedirs(self.data_dir, exist_ok=True)
        creds = os.path.join(self.data_dir, "credentials.json")
        self.proc = subprocess.Popen(
            [python or sys.executable, "-m", "rb_dcc.localfarm", "--data", self.data_dir, "--port", "0",
             "--speed", str(speed), "--no-profile"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()  # "rb_dcc local farm at http://127.0.0.1:PORT"
        if "://" not in line:
            rest = line + (self.proc.stdout.read() or "")
            self.proc.wait(5)
            raise OSError("the local farm did not start: %s" % rest.strip()[-500:])
        self.url = line.strip().split()[-1]
        self.domain = self.url.split("://", 1)[1]
        data: Dict[str, Any] = {}
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the farm writes its credentials before it says its URL
            try:
                with open(creds, encoding="utf-8") as fh:
                    data = json.load(fh)
                if data.get("domain") == self.domain:
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        if data.get("domain") != self.domain:
            self.stop()
            raise OSError("the local farm in %s wrote no credentials for %s" % (self.data_dir, self.domain))
        self.access_id, self.access_key = data["access_id"], data["access_key"]
        # drain the farm's output so it never blocks on a full pipe
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except Exception:
                self.proc.kill()


def ensure_local_farm(data_dir: Optional[str] = None, speed: float = 10.0, port: int = 0,
                      own_process: bool = False):
    """The local farm for ``data_dir`` started by this process (started now if needed).

    ``own_process``: run it as a child process (the standalone panel), else in a thread of this
    process (inside a host, where ``sys.executable`` is the host application).
    """
    from rb_dcc.localfarm import LocalFarm

    data_dir = os.path.abspath(data_dir or local_farm_dir())
    with _farm_lock:
        farm = _farms.get(data_dir)
        if farm is not None and isinstance(farm, FarmProcess) and farm.proc.poll() is not None:
            farm = None  # the child ended: start a new one
        if farm is None:
            os.makedirs(data_dir, exist_ok=True)
            if own_process:
                farm = FarmProcess(data_dir, speed=speed)
            else:
                farm = LocalFarm(data_dir, port=port, speed=speed).start()
            _farms[data_dir] = farm
        return farm


def stop_local_farms() -> None:
    with _farm_lock:
        for farm in list(_farms.values()):
            try:
                farm.stop()
            except Exception:
                pass
        _farms.clear()


def save_local_profile(farm, make_default: bool = True):
    """Write the ``local`` profile for a running local farm; returns the Profile."""
    from rb_dcc.config import Profile, save_profile

    profile = Profile(name=LOCAL, domain=farm.domain, platform=str(farm.platform), access_id=farm.access_id,
                      protocol=farm.protocol, local_farm_dir=str(farm.data_dir))
    save_profile(profile, access_key=None, make_default=make_default)
    return profile


class ProfileController:
    def __init__(self, runner, own_process_farm: bool = False):
        self.runner = runner
        self.own_process_farm = own_process_farm  # see ensure_local_farm
        self.profiles: Dict[str, Any] = {}
        self.current = None  # Profile in use
        self.client = None
        self.user_name = ""
        self.busy = False
        self.error: Optional[ErrorInfo] = None
        self.changed = Event()  # profiles / current / error
        self.client_changed = Event()  # (client)

    # --- loading ------------------------------------------------------------------------------
    def load(self, name: Optional[str] = None, connect: bool = True) -> None:
        """Read the saved profiles; with ``connect`` make a client for ``name`` (default profile)."""

        def work(job):
            from rb_dcc.config import client_for, get_profile, load_profiles

            profiles = load_profiles()
            profile = client = None
            if connect:
                try:
                    profile = get_profile(name)
                except Exception:
                    profile = None
                if profile is not None:
                    if profile.local_farm_dir and _is_loopback(profile.domain) and not _port_open(profile.domain):
                        farm = ensure_local_farm(profile.local_farm_dir, own_process=self.own_process_farm)
                        profile = save_local_profile(farm, make_default=False)
                        profiles = load_profiles()
                    client = client_for(profile)
            return profiles, profile, client

        self._run("profiles", work)

    def _run(self, key, work) -> None:
        def done(result):
            self.busy = False
            profiles, profile, client = result
            self.profiles = dict(profiles)
            if client is not None:
                self.current, self.client = profile, client
                self.error = None
                self.client_changed.emit(client)
            self.changed.emit()

        def failed(info):
            self.busy = False
            self.error = info
            self.changed.emit()

        self.busy = True
        self.error = None
        self.changed.emit()
        self.runner.run(key, work, on_result=done, on_error=failed)

    # --- saving -------------------------------------------------------------------------------
    def sign_in(self, name: str, domain: str, platform: str, access_id: str, access_key: str,
                protocol: str = "https") -> None:
        """Check the credentials against the farm, then save the profile (key to the keyring)."""
        name, domain, access_id = name.strip() or "default", domain.strip(), access_id.strip()
        if not domain or not access_id:
            self.error = ErrorInfo(tr("Missing details"), tr("Enter the farm address and the access id."), kind="input")
            self.changed.emit()
            return

        def work(job):
            from rb_dcc.api import RenderbusClient
            from rb_dcc.config import Profile, client_for, load_profiles, save_profile

            key = access_key
            if not key:  # keep the saved key of an existing profile
                client = client_for(Profile(name=name, domain=domain, platform=str(platform), access_id=access_id,
                                            protocol=protocol))
            else:
                client = RenderbusClient(access_id, key, domain=domain, platform=str(platform), protocol=protocol)
            client.user.query_user_profile()  # proves the id and key before anything is saved
            profile = Profile(name=name, domain=domain, platform=str(platform), access_id=access_id, protocol=protocol)
            save_profile(profile, access_key=key or None, make_default=True)
            return load_profiles(), profile, client

        self._run("sign_in", work)

    def use_local_farm(self, data_dir: Optional[str] = None) -> None:
        """Start (or reuse) the local farm and switch to the ``local`` profile."""

        def work(job):
            from rb_dcc.config import client_for, load_profiles

            farm = ensure_local_farm(data_dir, own_process=self.own_process_farm)
            profile = save_local_profile(farm)
            return load_profiles(), profile, client_for(profile)

        self._run("sign_in", work)

    def switch(self, name: str) -> None:
        self.load(name)


def _is_loopback(domain: str) -> bool:
    host = domain.rsplit(":", 1)[0] if ":" in domain else domain
    return host in ("127.0.0.1", "localhost", "::1", "[::1]")


def _port_open(domain: str) -> bool:
    import socket

    host, _, port = domain.rpartition(":")
    if not port.isdigit():
        return True
    try:
        with socket.create_connection((host or "127.0.0.1", int(port)), timeout=0.5):
            return True
    except OSError:
        return False


__all__ = ["ProfileController", "FarmProcess", "ensure_local_farm", "stop_local_farms", "save_local_profile", "local_farm_dir", "LOCAL"]
