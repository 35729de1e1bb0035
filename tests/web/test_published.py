"""The release the app answers from: followed through `current`, switched on the next request."""

from __future__ import annotations

import shutil
from pathlib import Path

from cndkg.release import RELEASES, publish
from cndkg.web.published import Published


def publish_copy(seed_release: Path, out: Path, name: str) -> Path:
    """Publish a copy of the seed release under `name`, as `cndkg build` publishes one."""
    partial = out / RELEASES / f"{name}.partial"
    shutil.copytree(seed_release, partial)
    return publish(out, partial)


def test_each_switch_of_current_is_followed_on_the_next_request(
    seed_release: Path, tmp_path: Path
) -> None:
    first = publish_copy(seed_release, tmp_path, "20260101T000000-1")
    published = Published(tmp_path, pool_size=1, timeout=5.0, memory_limit=2 << 30)
    try:
        release = published.current()
        assert release.path == first
        assert published.current() is release  # same link: the same release, no reopening
        second = publish_copy(seed_release, tmp_path, "20260101T000000-2")
        assert published.current().path == second
        third = publish_copy(seed_release, tmp_path, "20260101T000000-3")
        assert published.current().path == third
        assert published.current() is published.current()
    finally:
        published.close()


def test_a_release_folder_given_directly_is_answered_without_a_current_link(
    seed_release: Path,
) -> None:
    published = Published(seed_release, pool_size=1, timeout=5.0, memory_limit=2 << 30)
    try:
        release = published.current()
        assert release.path == seed_release
        assert published.current() is release
    finally:
        published.close()
