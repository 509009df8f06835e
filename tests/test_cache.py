"""A cache that cannot execute or forge: a private per-user folder, JSON entries, authenticated and validated.

What "cannot forge" means here: an entry is believed only if it carries an HMAC made with the key in the cache
folder, names its own key and content hash, and decodes against the models with exactly the items asked for.
Someone who can read the key could still forge an entry, but the key is 0600 in a 0700 folder the user owns,
and a folder that others can write is refused: the folder's owner and mode are the defence, the HMAC keeps out
every file the user's runs did not write (copied, planted before, altered).
"""

from __future__ import annotations

import json
import os
import pickle
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit import cachefiles
from policy_audit.batch import RunOptions, run
from policy_audit.cachefiles import CacheRefused, open_folder
from policy_audit.cli import app
from policy_audit.models import Standard, Status
from policy_audit.resultcache import ResultCache

runner = CliRunner()
POLICY = "Warning shots are discouraged.\nChokeholds are an approved technique.\n"


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    path = tmp_path / "policy.txt"
    path.write_text(POLICY, encoding="utf-8")
    return path


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("r-*.json"))


def test_the_folder_is_the_platforms_per_user_cache_folder_created_private(tmp_path: Path) -> None:
    folder = cachefiles.cache_folder()
    assert folder == Path(os.environ["XDG_CACHE_HOME"]) / "policy-audit"
    opened = open_folder()
    assert stat.S_IMODE(opened.path.stat().st_mode) == 0o700
    key = opened.path / cachefiles.KEY_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and key.stat().st_size == 32


def test_without_a_home_there_is_no_cache_never_a_shared_temporary_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no home directory: "~" stays "~"
    with pytest.raises(CacheRefused) as refused:
        cachefiles.cache_folder()
    assert "no per-user cache folder" in refused.value.line() and "--no-cache" in refused.value.line()


def test_a_folder_others_can_write_is_refused_and_the_scan_goes_on(policy: Path) -> None:
    folder = cachefiles.cache_folder()
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    with pytest.raises(CacheRefused) as refused:
        open_folder(folder)
    assert "writable by group or others (mode 0777)" in refused.value.what and "chmod 700" in refused.value.remedy
    result = runner.invoke(app, ["scan", str(policy), "-f", "json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["documents"][0]["error"] is None
    assert result.stderr.startswith(f"policy-audit: {folder}: cache folder is writable by group or others")
    assert _entries(folder) == []  # not used: nothing written


def test_a_folder_owned_by_another_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    owner = folder.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # as seen by another user
    with pytest.raises(CacheRefused) as refused:
        open_folder(folder)
    assert f"belongs to another user (uid {owner})" in refused.value.what


def test_a_second_scan_is_served_from_the_cache(policy: Path, tmp_path: Path, core: Standard) -> None:
    options = RunOptions(cache_dir=tmp_path / "cache")
    first = run([policy], [core], options)
    (entry,) = _entries(tmp_path / "cache")
    assert entry.read_bytes().startswith(cachefiles.MAGIC) and b"pickle" not in entry.read_bytes()
    assert run([policy], [core], options) == first
    moved = tmp_path / "renamed.txt"
    policy.rename(moved)
    (again,) = run([moved], [core], options)  # keyed on content: the renamed file is a hit, shown under its name
    assert again.path == str(moved) and again.results == first[0].results


def _forge_met(entry: Path) -> None:
    """Rewrite an entry's report to say 'met' everywhere, keeping its HMAC line."""
    magic, mac, body = entry.read_bytes().split(b"\n", 2)
    data = json.loads(body)
    for result in data["report"]["results"]:
        result["status"] = "met"
        result["reason"] = "binding prohibition"
    entry.write_bytes(magic + b"\n" + mac + b"\n" + json.dumps(data).encode())


def test_a_forged_met_entry_is_not_believed(policy: Path, tmp_path: Path, core: Standard) -> None:
    options = RunOptions(cache_dir=tmp_path / "cache")
    (honest,) = run([policy], [core], options)
    assert Status.CONTRADICTED in {result.status for result in honest.results}
    (entry,) = _entries(tmp_path / "cache")
    _forge_met(entry)
    assert run([policy], [core], options) == [honest]


def test_another_documents_entry_under_this_key_is_not_believed(tmp_path: Path, core: Standard) -> None:
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(POLICY, encoding="utf-8")
    good.write_text("Warning shots are prohibited.\n", encoding="utf-8")
    cache = ResultCache.open(tmp_path / "cache", [core], "pdfium", "")
    assert cache is not None
    options = RunOptions(cache_dir=tmp_path / "cache")
    honest = run([bad, good], [core], options)
    bad_key, good_key = cache.key(bad), cache.key(good)
    assert bad_key is not None and good_key is not None
    folder = tmp_path / "cache"
    (folder / good_key.name).write_bytes((folder / bad_key.name).read_bytes())  # the HMAC binds the name
    assert run([bad, good], [core], options) == honest


def test_an_entry_with_a_valid_mac_must_still_fit_the_checklists_and_content(
    policy: Path, tmp_path: Path, core: Standard
) -> None:
    cache = ResultCache.open(tmp_path / "cache", [core], "pdfium", "")
    assert cache is not None
    (honest,) = run([policy], [core], RunOptions(cache_dir=tmp_path / "cache"))
    key = cache.key(policy)
    assert key is not None
    body = json.loads(cache.folder.read(key.name) or b"")
    assert cache.get(key, policy) == honest
    for broken in (
        {**body, "content": "0" * 64},  # made from other content
        {**body, "report": {**body["report"], "results": body["report"]["results"][:-1]}},  # an item missing
        {**body, "report": {**body["report"], "pages": "1"}},  # a value of the wrong type
        {**body, "report": {**body["report"], "results": [{**body["report"]["results"][0], "status": "great"}]}},
        {**body, "report": {**body["report"], "extra": 1}},  # a field the model does not have
    ):
        cache.folder.write(key.name, json.dumps(broken).encode())
        assert cache.get(key, policy) is None
        assert key.name not in cache.folder.names("r-")  # a bad entry is removed


def test_a_planted_pickle_never_runs(policy: Path, tmp_path: Path, core: Standard) -> None:
    marker = tmp_path / "payload-ran"

    class Payload:
        def __reduce__(self) -> tuple[object, ...]:
            return (os.system, (f"touch {marker}",))

    options = RunOptions(cache_dir=tmp_path / "cache")
    (honest,) = run([policy], [core], options)
    cache = ResultCache.open(tmp_path / "cache", [core], "pdfium", "")
    assert cache is not None
    key = cache.key(policy)
    assert key is not None
    planted = pickle.dumps(Payload())
    (tmp_path / "cache" / key.name).write_bytes(planted)  # where the entry is read from
    (tmp_path / "cache" / key.name.replace(".json", ".pickle")).write_bytes(planted)  # where pickles used to be
    for name in ("en-lookups", "en-tokenizer", "yaml"):
        for derived in (tmp_path / "cache").glob(f"{name}*"):
            derived.write_bytes(planted)
    assert run([policy], [core], options) == [honest]
    assert not marker.exists()


def test_a_damaged_entry_is_a_miss_not_an_error(policy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "xdg" / "policy-audit"
    environment = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    first = runner.invoke(app, ["scan", str(policy), "-f", "json"], env=environment)
    (entry,) = _entries(cache)
    entry.write_bytes(entry.read_bytes()[:100])  # truncated
    second = runner.invoke(app, ["scan", str(policy), "-f", "json"], env=environment)
    assert second.exit_code == first.exit_code == 1 and second.stdout == first.stdout
    assert "Traceback" not in second.stderr and second.stderr == ""
    assert len(entry.read_bytes()) > 100  # written again


def test_the_results_kept_are_bounded_least_recently_used_first(tmp_path: Path) -> None:
    folder = open_folder(tmp_path / "cache")
    for number in range(10):
        folder.write(f"r-{number}.json", b"x" * 1000)
        os.utime(tmp_path / "cache" / f"r-{number}.json", (1000 + number, 1000 + number))
    folder.touch("r-0.json")  # just used
    assert folder.evict("r-", 6000) > 0
    kept = folder.names("r-")
    assert "r-0.json" in kept and "r-1.json" not in kept
    assert sum((tmp_path / "cache" / name).stat().st_size for name in kept) <= 6000
