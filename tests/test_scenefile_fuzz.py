"""Mutation test over the whole scene corpus: cut and damaged copies of every file must give a
``SceneSpec`` or a clean ``SceneFileError`` that names the file, quickly, never another exception
or a hang. Hosts whose analyser does not exist yet are skipped.

Mutations are seeded by the file name, so a failure reproduces: truncations (in the header and
anywhere), single and scattered byte flips, and a run of 0xFF bytes (sizes and counts gone wild).
"""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import time
import zlib
from pathlib import Path
from typing import List, Tuple

import pytest

from rb_dcc.adapters import SCENE_EXTENSIONS, analyze_file
from rb_dcc.scene import SceneFileError, SceneSpec
from tests.conftest import SHARED

TIME_LIMIT_S = 20.0  # per mutated file; a hang is anything slower
SCENES = SHARED / "scenes"


def _corpus() -> List[Tuple[str, str]]:
    if not SCENES.is_dir():
        return []
    out = []
    for host_dir in sorted(p for p in SCENES.iterdir() if p.is_dir()):
        for f in sorted(host_dir.iterdir()):
            if f.suffix.lower() in SCENE_EXTENSIONS:
                out.append((host_dir.name, f.name))
    return out


def _mutations(data: bytes, seed: int) -> List[Tuple[str, bytes]]:
    rng = random.Random(seed)
    n = len(data)
    out = [
        ("cut in header", data[: rng.randint(1, min(n - 1, 256))]),
        ("cut", data[: rng.randint(1, n - 1)]),
    ]
    one = bytearray(data)
    i = rng.randrange(min(n, 4096))
    one[i] ^= 1 << rng.randrange(8)
    out.append(("flip one byte at %d" % i, bytes(one)))
    many = bytearray(data)
    for _ in range(16):
        j = rng.randrange(n)
        many[j] = rng.randrange(256)
    out.append(("16 random bytes", bytes(many)))
    ff = bytearray(data)
    k = rng.randrange(max(1, n - 8))
    ff[k:k + 8] = b"\xff" * 8
    out.append(("0xFF run at %d" % k, bytes(ff)))
    return out


class _Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Hang()


CORPUS = _corpus()


@pytest.mark.parametrize("host, name", CORPUS or [("-", "-")], ids=[n for _h, n in CORPUS] or ["no-corpus"])
def test_mutated_corpus_file(scenes_dir, tmp_path, host, name):
    module = SCENE_EXTENSIONS.get(Path(name).suffix.lower(), "")
    if importlib.util.find_spec("rb_dcc.adapters.%s.scenefile" % module) is None:
        pytest.skip("the %s analyser does not exist yet" % module)
    data = (scenes_dir / host / name).read_bytes()
    use_alarm = hasattr(signal, "setitimer") and os.name == "posix"
    for what, mutated in _mutations(data, zlib.crc32(name.encode())):
        path = tmp_path / name
        path.write_bytes(mutated)
        old = signal.signal(signal.SIGALRM, _on_alarm) if use_alarm else None
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT_S)
        start = time.monotonic()
        try:
            result = analyze_file(str(path))
        except SceneFileError as exc:
            assert str(path) in str(exc), "%s (%s): the error does not name the file: %s" % (name, what, exc)
            assert str(exc).strip() != str(path), "%s (%s): the error does not say what is wrong" % (name, what)
        except _Hang:
            pytest.fail("%s (%s): analysis did not finish within %gs" % (name, what, TIME_LIMIT_S))
        except Exception as exc:  # any other exception is a bug in the analyser
            pytest.fail("%s (%s): %s: %s instead of SceneFileError" % (name, what, type(exc).__name__, exc))
        else:
            assert isinstance(result, SceneSpec)
            result.model_dump_json()  # a spec that cannot be written out is no spec
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, old)
        assert time.monotonic() - start < TIME_LIMIT_S
