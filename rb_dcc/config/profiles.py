"""Named profiles in a settings file; access keys in the OS keyring (or the environment).

Settings file: ``<config dir>/profiles.json`` (platformdirs' user config dir of ``rb_dcc``, or
``$RB_DCC_CONFIG_DIR``), written atomically (temporary file + rename). It never holds a key.

Where the access key comes from, in order:
1. a local-farm profile: ``<local_farm_dir>/credentials.json`` (written by the local farm; demo
   credentials, not secrets);
2. the OS keyring (service ``rb_dcc``, user ``<access id>@<domain>``);
3. ``RB_ACCESS_KEY`` when ``RB_ACCESS_ID`` is unset or names the same access id.

Environment-only use (CI): ``RB_ACCESS_ID``, ``RB_ACCESS_KEY``, ``RB_DOMAIN``, ``RB_PLATFORM``,
``RB_PROTOCOL`` make ``get_profile()`` return a profile named ``env`` without any file.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

from pydantic import BaseModel, ConfigDict, field_validator
from .._atomic import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from rb_dcc.api import RenderbusClient

_log = logging.getLogger("rb_dcc.config")

APP_NAME = "rb_dcc"
KEYRING_SERVICE = "rb_dcc"
SETTINGS_FILE = "profiles.json"
DEFAULT_DOMAIN = "task.renderbus.com"
ENV_PROFILE = "env"


class ConfigError(Exception):
    """A profile or credential problem, worded for the artist (no secrets in it)."""


class Profile(BaseModel):
    """A farm to talk to: address, platform and access id. Never holds the access key."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    name: str
    domain: str = DEFAULT_DOMAIN
    platform: str = "2"
    access_id: str = ""
    protocol: str = "https"
    local_farm_dir: Optional[str] = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        v = (v or "").strip()
        if not v or any(c in v for c in "/\\\n"):
            raise ValueError("a profile name must be a non-empty word without slashes")
        return v

    @field_validator("domain")
    @classmethod
    def _domain(cls, v: str) -> str:
        v = (v or "").strip().rstrip("/")
        if "://" in v:
            raise ValueError("the domain is a host name with an optional :port, without http:// or https://")
        return v or DEFAULT_DOMAIN

    @field_validator("platform", mode="before")
    @classmethod
    def _platform(cls, v: Any) -> str:
        return str(v).strip() if v is not None else "2"

    @field_validator("protocol")
    @classmethod
    def _protocol(cls, v: str) -> str:
        v = (v or "https").strip().lower()
        if v not in ("http", "https"):
            raise ValueError("the protocol must be http or https")
        return v

    @property
    def is_local_farm(self) -> bool:
        return bool(self.local_farm_dir)

    @property
    def keyring_user(self) -> str:
        return "%s@%s" % (self.access_id, self.domain)

    def __repr__(self) -> str:
        return ("Profile(name=%r, domain=%r, platform=%r, access_id=%r, access_key='***', protocol=%r, "
                "local_farm_dir=%r)" % (self.name, self.domain, self.platform, self.access_id, self.protocol,
                                        self.local_farm_dir))

    __str__ = __repr__


# --- the settings file ---------------------------------------------------------------------------

def config_dir() -> Path:
    """The settings folder: ``$RB_DCC_CONFIG_DIR`` or the platform's user config dir."""
    override = os.environ.get("RB_DCC_CONFIG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def _read() -> Dict[str, Any]:
    path = settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"default": None, "profiles": {}}
    except OSError as exc:
        raise ConfigError("cannot read the settings file %s (%s)" % (path, exc.strerror or exc)) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ConfigError("the settings file %s is damaged (%s); fix it or delete it and run 'rb-dcc login' "
                          "again" % (path, exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("profiles", {}), dict):
        raise ConfigError("the settings file %s has an unexpected layout; delete it and run 'rb-dcc login' "
                          "again" % path)
    data.setdefault("profiles", {})
    data.setdefault("default", None)
    return data


def _write(data: Dict[str, Any]) -> None:
    """Write the settings atomically: a temporary file in the same folder, then rename."""
    write_atomic(settings_path(), json.dumps(data, indent=2, sort_keys=True) + "\n", durable=True, mode=0o600)


def load_profiles() -> Dict[str, Profile]:
    """Every saved profile, by name."""
    out = {}
    for name, fields in _read()["profiles"].items():
        try:
            out[name] = Profile(**dict(fields, name=name))
        except ValueError as exc:
            _log.warning("profile %r in %s is invalid and was skipped: %s", name, settings_path(),
                         str(exc).splitlines()[0])
    return out


def default_profile_name() -> Optional[str]:
    return _read().get("default")


def save_profile(profile: Profile, access_key: Optional[str] = None, make_default: bool = False) -> Profile:
    """Save ``profile`` (the first one saved becomes the default); ``access_key`` goes to the keyring."""
    if access_key:
        if profile.is_local_farm:
            raise ConfigError("profile %r reads its key from the local farm's credentials.json; do not give one"
                              % profile.name)
        if not profile.access_id:
            raise ConfigError("profile %r needs an access id to store a key for" % profile.name)
        _keyring_set(profile, access_key)
    data = _read()
    data["profiles"][profile.name] = profile.model_dump(exclude={"name"})
    if make_default or not data.get("default") or data["default"] not in data["profiles"]:
        data["default"] = profile.name
    _write(data)
    _log.info("saved profile %s (%s, platform %s)", profile.name, profile.domain, profile.platform)
    return profile


def set_default(name: str) -> None:
    data = _read()
    if name not in data["profiles"]:
        raise ConfigError(_unknown(name, data["profiles"]))
    data["default"] = name
    _write(data)


def delete_profile(name: str, forget_key: bool = True) -> None:
    """Remove a profile (and, unless another profile uses the same credentials, its keyring entry)."""
    data = _read()
    fields = data["profiles"].pop(name, None)
    if fields is None:
        raise ConfigError(_unknown(name, data["profiles"]))
    if data.get("default") == name:
        data["default"] = next(iter(sorted(data["profiles"])), None)
    _write(data)
    if forget_key:
        gone = Profile(**dict(fields, name=name))
        still_used = any(Profile(**dict(f, name=n)).keyring_user == gone.keyring_user
                         for n, f in data["profiles"].items())
        if not still_used and not gone.is_local_farm:
            _keyring_delete(gone)


def _unknown(name: str, profiles: Dict[str, Any]) -> str:
    known = ", ".join(sorted(profiles)) or "none saved yet"
    return "there is no profile %r (profiles: %s); run 'rb-dcc login --profile %s' to add it" % (name, known, name)


def env_profile() -> Optional[Profile]:
    """The profile the ``RB_*`` environment variables describe, or None when ``RB_ACCESS_ID`` is unset."""
    access_id = os.environ.get("RB_ACCESS_ID")
    if not access_id:
        return None
    return Profile(name=ENV_PROFILE, access_id=access_id, domain=os.environ.get("RB_DOMAIN") or DEFAULT_DOMAIN,
                   platform=os.environ.get("RB_PLATFORM") or "2", protocol=os.environ.get("RB_PROTOCOL") or "https")


def get_profile(name: Optional[str] = None) -> Profile:
    """The named profile; with no name the environment's (``RB_ACCESS_ID`` set) or the default one."""
    if name in (None, ""):
        env = env_profile()
        if env is not None:
            return env
        data = _read()
        name = data.get("default")
        if not name:
            raise ConfigError("no farm profile yet: run 'rb-dcc login' (or set RB_ACCESS_ID and RB_ACCESS_KEY)")
        profiles = load_profiles()
        if name not in profiles:
            raise ConfigError(_unknown(name, profiles))
        return profiles[name]
    if name == ENV_PROFILE and env_profile() is not None:
        return env_profile()  # type: ignore[return-value]
    profiles = load_profiles()
    if name not in profiles:
        raise ConfigError(_unknown(name, profiles))
    return profiles[name]


# --- credentials -----------------------------------------------------------------------------------

def _local_credentials(profile: Profile) -> Dict[str, Any]:
    path = Path(profile.local_farm_dir or "") / "credentials.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("the local farm of profile %r has not written %s yet: start it with "
                          "'rb-dcc farm --data %s'" % (profile.name, path, profile.local_farm_dir)) from None
    except (OSError, ValueError) as exc:
        raise ConfigError("cannot read the local farm credentials %s (%s)" % (path, type(exc).__name__)) from None
    if not isinstance(data, dict) or not data.get("access_id") or not data.get("access_key"):
        raise ConfigError("the local farm credentials %s lack access_id/access_key; restart the farm" % path)
    return data


def _keyring():
    try:
        import keyring
        import keyring.errors
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    return keyring


def _keyring_get(profile: Profile) -> Optional[str]:
    kr = _keyring()
    if kr is None:
        return None
    try:
        return kr.get_password(KEYRING_SERVICE, profile.keyring_user)
    except Exception as exc:  # any backend failure: no key from there
        _log.info("keyring not usable (%s)", type(exc).__name__)
        return None


def _keyring_set(profile: Profile, key: str) -> None:
    kr = _keyring()
    try:
        if kr is None:
            raise RuntimeError("keyring is not installed")
        kr.set_password(KEYRING_SERVICE, profile.keyring_user, key)
    except Exception as exc:
        raise ConfigError("the access key could not be stored in the system keyring (%s). Install/unlock a "
                          "keyring, or set RB_ACCESS_ID and RB_ACCESS_KEY in the environment instead"
                          % type(exc).__name__) from None


def _keyring_delete(profile: Profile) -> None:
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(KEYRING_SERVICE, profile.keyring_user)
    except Exception:  # nothing stored, or no backend
        pass


def key_source(profile: Profile) -> str:
    """Where the profile's key would come from: "local farm", "keyring", "environment" or "missing"."""
    if profile.is_local_farm:
        try:
            _local_credentials(profile)
            return "local farm"
        except ConfigError:
            return "missing"
    if _keyring_get(profile):
        return "keyring"
    if _env_key_for(profile):
        return "environment"
    return "missing"


def _env_key_for(profile: Profile) -> Optional[str]:
    key = os.environ.get("RB_ACCESS_KEY")
    env_id = os.environ.get("RB_ACCESS_ID")
    if key and (not env_id or env_id == profile.access_id):
        return key
    return None


def get_access_key(profile: Profile) -> str:
    """The access key of ``profile`` (see the module docstring for the order)."""
    if profile.is_local_farm:
        return str(_local_credentials(profile)["access_key"])
    key = None if profile.name == ENV_PROFILE else _keyring_get(profile)
    key = key or _env_key_for(profile)
    if not key:
        raise ConfigError("no access key for profile %r (access id %s): run 'rb-dcc login --profile %s' or set "
                          "RB_ACCESS_KEY" % (profile.name, profile.access_id or "?", profile.name))
    return key


def resolved(profile: Profile) -> Profile:
    """A local-farm profile with the address the running farm wrote (its port changes per run)."""
    if not profile.is_local_farm:
        return profile
    creds = _local_credentials(profile)
    return profile.model_copy(update={
        "access_id": str(creds.get("access_id") or profile.access_id),
        "domain": str(creds.get("domain") or profile.domain),
        "protocol": str(creds.get("protocol") or profile.protocol),
        "platform": str(creds.get("platform") or profile.platform),
    })


def client_for(profile_or_name: Union[Profile, str, None] = None, **client_options: Any) -> "RenderbusClient":
    """A ``RenderbusClient`` for a profile (object or name; None: the default/environment one)."""
    from rb_dcc.api import RenderbusClient

    profile = profile_or_name if isinstance(profile_or_name, Profile) else get_profile(profile_or_name)
    profile = resolved(profile)
    if not profile.access_id:
        raise ConfigError("profile %r has no access id: run 'rb-dcc login --profile %s'" % (profile.name, profile.name))
    return RenderbusClient(profile.access_id, get_access_key(profile), domain=profile.domain,
                           platform=profile.platform, protocol=profile.protocol, **client_options)
