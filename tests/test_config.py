"""rb_dcc.config and the login/profiles commands, with a real in-memory keyring backend."""

from __future__ import annotations

import io
import json
import logging
import os
import sys

import keyring
import keyring.backend
import keyring.errors
import pytest

from rb_dcc.cli import main as cli_main
from rb_dcc.config import (ConfigError, Profile, client_for, delete_profile, get_access_key, get_profile,
                           key_source, load_profiles, save_profile, set_default, settings_path)
from tests.fixtures.recording_server import ACCESS_ID, ACCESS_KEY

SECRET = "sk_live_do_not_leak_8c7b6a5948"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A complete keyring backend that keeps passwords in a dict (for tests)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError("not stored") from None


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def config_env(tmp_path, monkeypatch):
    monkeypatch.setenv("RB_DCC_CONFIG_DIR", str(tmp_path / "cfg"))
    for var in ("RB_ACCESS_ID", "RB_ACCESS_KEY", "RB_DOMAIN", "RB_PLATFORM", "RB_PROTOCOL"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "cfg"


def test_profiles_round_trip_and_the_key_stays_in_the_keyring(memory_keyring, config_env):
    p = Profile(name="studio", domain="task.renderbus.com", platform="2", access_id="AKID1")
    save_profile(p, access_key=SECRET)
    assert settings_path() == config_env / "profiles.json"
    text = settings_path().read_text(encoding="utf-8")
    assert SECRET not in text and "AKID1" in text
    assert load_profiles() == {"studio": p}
    assert get_profile() == p  # the first profile saved is the default
    assert get_access_key(p) == SECRET and key_source(p) == "keyring"
    assert memory_keyring.store == {("rb_dcc", "AKID1@task.renderbus.com"): SECRET}
    assert SECRET not in repr(p) and "access_key='***'" in repr(p)


def test_atomic_write_leaves_no_temporary_files(memory_keyring, config_env):
    for i in range(5):
        save_profile(Profile(name="p%d" % i, access_id="A%d" % i))
    assert sorted(os.listdir(config_env)) == ["profiles.json"]
    data = json.loads(settings_path().read_text(encoding="utf-8"))
    assert data["default"] == "p0" and len(data["profiles"]) == 5


def test_default_selection_and_deletion(memory_keyring):
    save_profile(Profile(name="a", access_id="A"), access_key="ka")
    save_profile(Profile(name="b", access_id="B"), access_key="kb", make_default=True)
    assert get_profile().name == "b"
    set_default("a")
    assert get_profile().name == "a"
    delete_profile("a")
    assert get_profile().name == "b" and "a" not in load_profiles()
    assert ("rb_dcc", "A@task.renderbus.com") not in memory_keyring.store
    with pytest.raises(ConfigError, match="rb-dcc login --profile zz"):
        get_profile("zz")


def test_environment_profile_wins_when_no_name_is_given(memory_keyring, monkeypatch):
    save_profile(Profile(name="saved", access_id="A"), access_key="ka")
    monkeypatch.setenv("RB_ACCESS_ID", "ENVID")
    monkeypatch.setenv("RB_ACCESS_KEY", SECRET)
    monkeypatch.setenv("RB_DOMAIN", "127.0.0.1:9")
    monkeypatch.setenv("RB_PLATFORM", "21")
    monkeypatch.setenv("RB_PROTOCOL", "http")
    p = get_profile()
    assert (p.name, p.access_id, p.domain, p.platform, p.protocol) == ("env", "ENVID", "127.0.0.1:9", "21", "http")
    assert get_access_key(p) == SECRET and key_source(p) == "environment"
    assert get_profile("saved").access_id == "A"
    assert get_access_key(get_profile("saved")) == "ka"  # keyring first for a saved profile
    client = client_for()
    assert client.domain == "127.0.0.1:9" and SECRET not in repr(client)


def test_missing_key_and_no_profile_say_what_to_do(memory_keyring):
    with pytest.raises(ConfigError, match="rb-dcc login"):
        get_profile()
    save_profile(Profile(name="nokey", access_id="A"))
    with pytest.raises(ConfigError, match="no access key for profile 'nokey'"):
        client_for("nokey")


def test_damaged_settings_file_is_reported(memory_keyring, config_env):
    config_env.mkdir(parents=True)
    settings_path().write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="damaged"):
        load_profiles()


def test_keyring_failure_points_to_environment_variables(config_env):
    previous = keyring.get_keyring()
    from keyring.backends import fail
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(ConfigError, match="RB_ACCESS_KEY") as info:
            save_profile(Profile(name="x", access_id="A"), access_key=SECRET)
        assert SECRET not in str(info.value)
    finally:
        keyring.set_keyring(previous)


def test_local_farm_profile_reads_credentials_json(memory_keyring, tmp_path):
    farm = tmp_path / "farm"
    farm.mkdir()
    p = Profile(name="local", local_farm_dir=str(farm), protocol="http")
    save_profile(p)
    assert key_source(p) == "missing"
    with pytest.raises(ConfigError, match="rb-dcc farm"):
        client_for("local")
    (farm / "credentials.json").write_text(json.dumps({
        "access_id": "LOCALID", "access_key": "demo-key", "domain": "127.0.0.1:40123", "protocol": "http",
        "platform": "2"}), encoding="utf-8")
    client = client_for("local")
    assert (client.access_id, client.domain, client.protocol) == ("LOCALID", "127.0.0.1:40123", "http")
    assert memory_keyring.store == {}
    with pytest.raises(ConfigError):
        save_profile(p, access_key="x")


def test_profile_validation():
    with pytest.raises(ValueError):
        Profile(name="x", domain="https://task.renderbus.com")
    with pytest.raises(ValueError):
        Profile(name="x", protocol="ftp")
    assert Profile(name="x", platform=21).platform == "21"


# --- the commands --------------------------------------------------------------------------------

def test_login_checks_the_key_with_the_farm_then_saves(memory_keyring, recording_server, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    recording_server.routes["/api/render/setUp/queryUserProfile"] = {"userId": 42, "userName": "artist"}
    monkeypatch.setattr(sys, "stdin", io.StringIO(ACCESS_KEY + "\n"))
    code = cli_main(["-v", "login", "--profile", "rec", "--domain", recording_server.domain, "--protocol", "http",
                     "--platform", "2", "--access-id", ACCESS_ID, "--access-key-stdin"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "artist" in out.out and "Saved profile 'rec'" in out.out
    assert recording_server.requests[-1].signature_ok
    assert memory_keyring.store[("rb_dcc", "%s@%s" % (ACCESS_ID, recording_server.domain))] == ACCESS_KEY
    for text in (out.out, out.err, caplog.text, settings_path().read_text(encoding="utf-8")):
        assert ACCESS_KEY not in text
    code = cli_main(["profiles"])
    out = capsys.readouterr()
    assert code == 0 and "rec" in out.out and "keyring" in out.out and ACCESS_KEY not in out.out


def test_login_refused_key_saves_nothing(memory_keyring, recording_server, monkeypatch, capsys):
    from tests.fixtures.recording_server import envelope
    recording_server.routes["/api/render/setUp/queryUserProfile"] = envelope(None, code=100001,
                                                                              message="signature invalid")
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong-key\n"))
    code = cli_main(["login", "--profile", "bad", "--domain", recording_server.domain, "--protocol", "http",
                     "--access-id", ACCESS_ID, "--access-key-stdin"])
    out = capsys.readouterr()
    assert code == 1 and "did not accept" in out.err and "wrong-key" not in out.err
    assert load_profiles() == {} and memory_keyring.store == {}


def test_login_without_access_id_is_bad_input(memory_keyring, capsys):
    assert cli_main(["login", "--no-check"]) == 2
    assert "--access-id" in capsys.readouterr().err


def test_profiles_command_default_delete_and_json(memory_keyring, capsys):
    save_profile(Profile(name="a", access_id="A"), access_key="ka")
    save_profile(Profile(name="b", access_id="B"))
    assert cli_main(["profiles", "--default", "b", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {r["name"]: (r["default"], r["key"]) for r in rows} == {"a": (False, "keyring"), "b": (True, "missing")}
    assert cli_main(["profiles", "--delete", "a"]) == 0
    assert "a" not in load_profiles()
    assert cli_main(["profiles", "--delete", "nope"]) == 2


def test_login_to_a_running_local_farm_stores_no_key(memory_keyring, farm, capsys):
    code = cli_main(["login", "--profile", "local", "--local-farm", str(farm.data_dir)])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "Saved profile 'local'" in out.out and memory_keyring.store == {}
    client = client_for("local")
    assert client.domain == farm.domain and client.user.query_user_profile().user_id
    assert key_source(get_profile("local")) == "local farm"
    assert farm.access_key not in settings_path().read_text(encoding="utf-8")
