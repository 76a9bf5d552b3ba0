"""The history store: every submission a region sent, with its reports, in one SQLite file.

The standard library's sqlite3, a ``schema_version`` table and numbered migrations. Each
submission is stored in one transaction, keyed by a hash of its content, so storing it again is a
no-op and a crash leaves the file holding exactly the submissions committed before it
(docs/history.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ipscore.errors import InputError, os_reason
from ipscore.report import Frozen, Report
from ipscore.submission import Submission, submission_from_data
from ipscore.userdirs import history_file

BUSY_SECONDS = 10.0  # how long a writer waits for another one's lock
# Test hook (tests/test_history.py): pause inside the transaction that would be commit N+1.
PAUSE_ENVIRONMENT = "IPSCORE_TEST_PAUSE_AFTER_COMMITS"

# Migration n takes the schema from version n-1 to n; a migration is only ever appended.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        region TEXT NOT NULL,
        as_of TEXT NOT NULL,
        file TEXT NOT NULL,
        added TEXT NOT NULL,
        submission TEXT NOT NULL
    );
    CREATE INDEX submissions_by_region ON submissions (region, as_of);
    CREATE TABLE reports (
        submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        plan TEXT NOT NULL,
        score REAL NOT NULL,
        grade TEXT NOT NULL,
        report TEXT NOT NULL,
        PRIMARY KEY (submission_id, plan)
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class Entry(Frozen):
    """One stored submission and the plans it was checked against."""

    id: int
    region: str
    as_of: dt.date
    file: str
    added: str
    hash: str
    scores: dict[str, float]  # plan id → score


def content_hash(submission: Submission) -> str:
    """SHA-256 of the submission as parsed (not the file's bytes or name): re-indenting or
    re-ordering a JSON file does not make it another submission."""
    return hashlib.sha256(canonical_json(submission).encode("utf-8")).hexdigest()


def canonical_json(submission: Submission) -> str:
    data = submission.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


# SQLite's and the system's reasons, as a clerk would say them (others as SQLite words them).
_SQLITE_REASONS_ZH = {
    "database is locked": "另一个程序正在写入该文件，请稍后再试",
    "attempt to write a readonly database": "文件只读",
    "file is not a database": "文件不是数据库",
    "unable to open database file": "文件无法打开",
    "database or disk is full": "磁盘已满",
}


class _NotOurs(sqlite3.DatabaseError):
    """A database that is not an ipscore history (or a newer one), with the reason in Chinese."""

    def __init__(self, message: str, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


def _reason_zh(exc: Exception) -> str:
    if isinstance(exc, _NotOurs):
        return exc.zh
    if isinstance(exc, OSError):
        return os_reason(exc)[1]
    return _SQLITE_REASONS_ZH.get(str(exc), str(exc))


def _cannot_write(path: Path, exc: Exception) -> InputError:
    return InputError(
        "E108",
        f"cannot write the history: {exc}",
        f"无法写入历史记录库：{_reason_zh(exc)}",
        file=str(path),
    )


class History:
    """An open history file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path | None = None, busy_seconds: float = BUSY_SECONDS) -> None:
        self.path = Path(path) if path is not None else history_file()
        self._commits = 0
        self._pause_after = _pause_setting()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=busy_seconds)
        except (OSError, sqlite3.Error) as exc:
            raise InputError(
                "E100",
                f"cannot open the history: {exc}",
                f"无法打开历史记录库：{_reason_zh(exc)}",
                file=str(self.path),
            ) from None
        self._db.isolation_level = None  # transactions are explicit: BEGIN IMMEDIATE … COMMIT
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full
            self._db.close()
            raise _cannot_write(self.path, exc) from None
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise InputError(
                "E100",
                f"not an ipscore history database ({exc})",
                f"不是 ipscore 的历史记录库（{_reason_zh(exc)}）",
                file=str(self.path),
            ) from None

    def __enter__(self) -> History:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; taking the write lock at once, waiting up to busy_seconds."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _current(self) -> bool:
        """True when the file already has this ipscore's schema (a read, no lock taken)."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if "schema_version" not in tables:
            return False
        (version,) = self._db.execute("SELECT version FROM schema_version").fetchone()
        return bool(version == SCHEMA_VERSION)

    def _migrate(self) -> None:
        if self._current():
            return
        with self._transaction() as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if "schema_version" not in tables:
                if tables:
                    raise _NotOurs("it holds other tables", "其中已有别的数据表")
                db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
                db.execute("INSERT INTO schema_version VALUES (0)")
            (version,) = db.execute("SELECT version FROM schema_version").fetchone()
            if version > SCHEMA_VERSION:
                raise _NotOurs(
                    f"schema version {version} is newer than this ipscore's {SCHEMA_VERSION}",
                    f"其结构版本 {version} 比本版 ipscore 的 {SCHEMA_VERSION} 新，请升级 ipscore",
                )
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number - 1].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (number,))

    @property
    def schema_version(self) -> int:
        (version,) = self._db.execute("SELECT version FROM schema_version").fetchone()
        return int(version)

    def add(self, submission: Submission, reports: list[Report], file: str) -> bool:
        """Store a submission and its reports in one transaction; False if it was already there."""
        try:
            return self._add(submission, reports, file)
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full: nothing written
            raise _cannot_write(self.path, exc) from None

    def _add(self, submission: Submission, reports: list[Report], file: str) -> bool:
        digest = content_hash(submission)
        added = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM submissions WHERE hash = ?", (digest,)).fetchone():
                return False
            cursor = db.execute(
                "INSERT INTO submissions (hash, region, as_of, file, added, submission)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    digest,
                    submission.region,
                    submission.as_of.isoformat(),
                    file,
                    added,
                    canonical_json(submission),
                ),
            )
            for report in reports:
                db.execute(
                    "INSERT INTO reports (submission_id, plan, score, grade, report)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        cursor.lastrowid,
                        report.plan.id,
                        report.score,
                        report.grade.value,
                        report.model_dump_json(),
                    ),
                )
            self._maybe_pause()
        self._commits += 1
        return True

    def _maybe_pause(self) -> None:
        """The test hook: stop inside a transaction, before its commit, until killed."""
        if self._pause_after is None or self._commits < self._pause_after:
            return
        sys.stderr.write(f"ipscore: test hook: paused after {self._commits} commits\n")
        sys.stderr.flush()
        import signal

        while True:  # pragma: no cover - the test kills the process here
            signal.pause()

    def entries(self, region: str | None = None) -> list[Entry]:
        """Stored submissions, by region, then data date, then the order they were added."""
        query = "SELECT id, region, as_of, file, added, hash FROM submissions"
        params: tuple[str, ...] = ()
        if region is not None:
            query += " WHERE region = ?"
            params = (region,)
        rows = self._db.execute(query + " ORDER BY region, as_of, id", params).fetchall()
        scores: dict[int, dict[str, float]] = {}
        for submission_id, plan, score in self._db.execute(
            "SELECT submission_id, plan, score FROM reports ORDER BY submission_id, plan"
        ):
            scores.setdefault(submission_id, {})[plan] = score
        return [
            Entry(
                id=row[0],
                region=row[1],
                as_of=dt.date.fromisoformat(row[2]),
                file=row[3],
                added=row[4],
                hash=row[5],
                scores=scores.get(row[0], {}),
            )
            for row in rows
        ]

    def regions(self) -> list[str]:
        return [row[0] for row in self._db.execute("SELECT DISTINCT region FROM submissions")]

    def reports(self, region: str, plan: str | None = None) -> list[tuple[Entry, Report]]:
        """The stored reports of a region (one plan, or all), oldest data first."""
        result = []
        for entry in self.entries(region):
            query = "SELECT report FROM reports WHERE submission_id = ?"
            params: tuple[int | str, ...] = (entry.id,)
            if plan is not None:
                query += " AND plan = ?"
                params += (plan,)
            for (text,) in self._db.execute(query + " ORDER BY plan", params):
                result.append((entry, Report.model_validate_json(text)))
        return result

    def submission(self, entry_id: int) -> Submission:
        row = self._db.execute(
            "SELECT submission, file FROM submissions WHERE id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise KeyError(entry_id)
        return submission_from_data(json.loads(row[0]), row[1])


def _pause_setting() -> int | None:
    text = os.environ.get(PAUSE_ENVIRONMENT)
    return int(text) if text and text.isdigit() else None
