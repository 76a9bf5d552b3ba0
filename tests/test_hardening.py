"""Hostile input, locales, threads and forks: bounded, one-line errors, never a changed result.

Each test here is the regression test of one finding of issue 19. The heavy ones run the CLI in a
child process under a memory cap (RLIMIT_AS) and a timeout, so a regression fails fast instead of
exhausting the machine.
"""

from __future__ import annotations

import decimal
import json
import os
import resource
import subprocess
import sys
import textwrap
import threading
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import CASES, small_plan_data

import ipscore
from ipscore import engine
from ipscore.checks import MAX_UNKNOWN_LISTED
from ipscore.errors import InputError
from ipscore.io.yaml_reader import MAX_DEPTH, read_yaml
from ipscore.plan import Comparator

MEMORY_CAP = 1_500_000_000  # bytes of address space for a child process
TIMEOUT = 60  # seconds; the bounded paths take about one


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def bounded(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run ``ipscore ARGS`` in a child under the memory cap and the timeout (``check`` with
    ``--lang en``: these tests pin its English lines)."""
    english = ("--lang", "en") if args[0] == "check" else ()
    return subprocess.run(
        [sys.executable, "-m", "ipscore.cli", *map(str, args), *english],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_capped,
        cwd=cwd,
        env=env,
        check=False,
    )


def python_in_child(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=_capped,
        env={**os.environ, **(env or {})},
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess, code: str, *parts: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-500:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-500:]
    assert f" {code} " in lines[0], lines[0]
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


# --- 1. YAML alias amplification -----------------------------------------------------------------

BAD_TARGET = "{" + ", ".join(f"k{i}: {i}" for i in range(2000)) + "}"


def _alias_bomb_pack() -> str:
    meta = json.dumps(small_plan_data([])["plan"], ensure_ascii=False)
    return f"plan: {meta}\ntargets: [&t {BAD_TARGET}" + ", *t" * 20_000 + "]\n"


@pytest.mark.parametrize(
    "command",
    [
        ("lint", "pack.yaml", "--lang", "en"),
        ("check", "--plan", "pack.yaml", "data.json"),
        ("check", "--rules", "pack.yaml", "data.json"),
        ("plans", "show", "pack.yaml"),
        ("template", "pack.yaml", "-o", "t.xlsx"),
    ],
    ids=lambda command: command[0] + "-" + command[1],
)
def test_an_alias_bomb_pack_is_refused_at_once(tmp_path, command):
    text = _alias_bomb_pack()
    where = f"line 2, column {text.splitlines()[1].index('*t') + 1}"  # the first alias
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "data.json").write_bytes((CASES / "nanjing-2025-partial.json").read_bytes())
    result = bounded(*command, cwd=tmp_path)
    if command[0] == "lint":  # lint lists problems on stdout, one per line
        assert result.returncode == 2
        assert len(result.stdout.splitlines()) == 1
        assert result.stdout.startswith(f"pack.yaml: {where}: E130 invalid YAML: {_ALIAS_MESSAGE}")
    elif command[0] == "check":
        one_error_line(result, "E130", f"pack.yaml: {where}:", _ALIAS_MESSAGE)
    else:  # no --lang: Chinese
        one_error_line(result, "E130", f"pack.yaml: {where}:", _ALIAS_MESSAGE_ZH)
    assert not (tmp_path / "t.xlsx").exists()


_ALIAS_MESSAGE = "aliases (*name) are not allowed in ipscore files"
_ALIAS_MESSAGE_ZH = "YAML 格式错误：ipscore 的文件中不能使用别名（*name）"


def test_an_alias_bomb_waiver_file_is_refused_at_once(tmp_path):
    waiver = "{target: nj-x, justification: abc, " + BAD_TARGET[1:]
    (tmp_path / "w.yaml").write_text(f"waivers: [&w {waiver}" + ", *w" * 20_000 + "]\n")
    result = bounded(
        "check", CASES / "nanjing-2025-partial.json", "--waivers", "w.yaml", cwd=tmp_path
    )
    one_error_line(result, "E140", "w.yaml: line 1, column", _ALIAS_MESSAGE)


def test_a_scalar_alias_is_refused_too(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n- target: &t nj-a\n  justification: *t\n")
    with pytest.raises(InputError) as caught:
        read_yaml(path, code="E140")
    assert caught.value.code == "E140"
    assert caught.value.path == "line 3, column 18"


def test_lint_lists_a_bounded_number_of_schema_problems(tmp_path):
    target = "  - " + BAD_TARGET + "\n"
    (tmp_path / "pack.yaml").write_text("plan: {}\ntargets:\n" + target * 50)
    result = bounded("lint", "pack.yaml", "--lang", "en", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert result.returncode == 2 and len(lines) <= 51
    assert lines[-1].startswith("pack.yaml: E130 and ") and "more schema problems" in lines[-1]


# --- 5. bounded reads ----------------------------------------------------------------------------


def test_an_endless_yaml_file_is_refused_after_the_limit():
    result = bounded("check", CASES / "nanjing-2025-partial.json", "--waivers", "/dev/zero")
    one_error_line(result, "E106", "/dev/zero: E106 larger than")
    with pytest.raises(InputError) as caught:
        read_yaml(Path("/dev/zero"))  # reads 2 MB, not the endless file
    assert caught.value.code == "E106"


@pytest.mark.parametrize("name", ["data.json", "data.csv", "data.xlsx"])
def test_an_endless_submission_is_refused_after_the_limit(tmp_path, name):
    (tmp_path / name).symlink_to("/dev/zero")
    one_error_line(bounded("check", name, cwd=tmp_path), "E106", f"{name}: E106 larger than")


# --- YAML edge cases that were internal errors (13) and timestamps (14) --------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a: " + "[" * 1200 + "]" * 1200 + "\n", "nested"),
        ("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", f"deeper than {MAX_DEPTH}"),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 1200)), "nested"),
        ("? [1, 2]\n: x\n", "a key must be a plain value"),
        ("deadline: 2025-02-30\n", "'2025-02-30' is not a date"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("threshold: 1.5e-400\n", "'1.5e-400' is too small for a number"),
    ],
    ids=[
        "flow-1200",
        "flow-past-limit",
        "block-1200",
        "unhashable-key",
        "bad-date",
        "dup-key",
        "underflow",
    ],
)
def test_yaml_that_used_to_crash_is_one_error(tmp_path, text, says):
    path = tmp_path / "pack.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert caught.value.code == "E130"
    assert says in caught.value.message
    assert caught.value.path and caught.value.path.startswith("line ")


def _pack_with(**target_fields) -> dict:
    target = {
        "id": "t-one",
        "indicator": "invention_patents_per_10k",
        "dimension": "creation",
        "kind": "level",
        "threshold": 50,
        "unit": "件/万人",
        "quote": "达到50件",
        **target_fields,
    }
    return small_plan_data([target])


@pytest.mark.parametrize("threshold", [".nan", ".inf", "-.inf", "1e400", "1e-400"])
def test_a_non_finite_threshold_is_refused_by_the_loader_and_lint(tmp_path, cli, threshold):
    text = yaml.safe_dump(_pack_with(threshold=123456.5), allow_unicode=True)
    pack = tmp_path / "pack.yaml"
    pack.write_text(text.replace("123456.5", threshold), encoding="utf-8")
    result = cli("plans", "show", pack, "--format", "json")
    assert result.code == 2 and result.out == ""
    assert "E130" in result.err and "targets[0] (t-one).threshold" in result.err
    linted = cli("lint", pack)
    assert linted.code == 2 and "targets[0] (t-one).threshold" in linted.out


@pytest.mark.parametrize("field", ["deadline", "issued"])
def test_a_unix_timestamp_is_not_a_date_in_a_pack(tmp_path, field):
    data = _pack_with()
    if field == "deadline":
        data["targets"][0]["deadline"] = 1_767_139_200
    else:
        data["plan"]["issued"] = 1_640_995_200
    pack = tmp_path / "pack.yaml"
    pack.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(pack)
    assert caught.value.code == "E130"
    assert "a date is written YYYY-MM-DD" in caught.value.message


def test_a_unix_timestamp_is_not_a_date_in_a_waiver_file(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n- target: nj-a\n  justification: agreed\n  expires: 1767139200\n")
    with pytest.raises(InputError) as caught:
        ipscore.read_waivers(path)
    assert caught.value.code == "E140" and caught.value.path == "waivers[0].expires"
    path.write_text(
        '{"waivers": [{"target": "nj-a", "justification": "ok!", "expires": "2026-06-30"}]}'
    )
    assert str(ipscore.read_waivers(path)[0].expires) == "2026-06-30"  # JSON dates still read


# --- 2. workbooks whose bounding box is huge -----------------------------------------------------


def _patched_template(tmp_path: Path, name: str, patch) -> Path:
    template = tmp_path / "template.xlsx"
    bounded("template", "nanjing-2022-2025", "-o", template)
    with zipfile.ZipFile(template) as archive:
        parts = {item: archive.read(item) for item in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = patch(parts[sheet].decode("utf-8")).encode("utf-8")
    out = tmp_path / name
    with zipfile.ZipFile(out, "w") as archive:
        for item, body in parts.items():
            archive.writestr(item, body)
    return out


@pytest.mark.parametrize(
    ("cell", "row"), [("XFD1048576", 1048576), ("SF20000", 20000)], ids=["last", "at-limit"]
)
def test_one_far_cell_costs_nothing(tmp_path, cell, row):
    far = f'<row r="{row}"><c r="{cell}" t="n"><v>1</v></c></row></sheetData>'
    path = _patched_template(tmp_path, "far.xlsx", lambda xml: xml.replace("</sheetData>", far))
    result = bounded("check", path.name, cwd=tmp_path)
    if row > 20_000 or cell.startswith("XFD"):
        one_error_line(result, "E106", "far.xlsx: E106 sheet Indicators is larger than")
    else:  # within the limits: read through, every problem listed (as_of is still empty)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-500:]
        assert result.stderr.splitlines() == [
            "ipscore: far.xlsx: Indicators!B2: E110 as_of is empty: it is required",
            f"ipscore: far.xlsx: Indicators!SF5: E114 Indicators!{cell} has a value but its "
            "column has no year in the header",
        ]


def test_a_huge_merged_range_is_refused_before_loading(tmp_path):
    merged = '</sheetData><mergeCells count="1"><mergeCell ref="A30:XFD1048576"/></mergeCells>'
    path = _patched_template(tmp_path, "m.xlsx", lambda xml: xml.replace("</sheetData>", merged))
    one_error_line(
        bounded("check", path.name, cwd=tmp_path), "E106", "merged cells (A30:XFD1048576)"
    )


def test_too_many_cells_are_refused_before_loading(tmp_path):
    many = '<row r="30">' + '<c r="A30"><v>1</v></c>' * 200_001 + "</row></sheetData>"
    path = _patched_template(tmp_path, "c.xlsx", lambda xml: xml.replace("</sheetData>", many))
    line = one_error_line(bounded("check", path.name, cwd=tmp_path), "E106", "c.xlsx: E106")
    assert "more than 200000 cells" in line


def test_a_csv_has_a_row_limit(tmp_path):
    rows = (CASES / "nanjing-2025-partial.json").read_text()  # any text: the limit comes first
    assert rows
    path = tmp_path / "big.csv"
    path.write_text("#region,南京市\n" + "x,1\n" * 30_000, encoding="utf-8")
    one_error_line(bounded("check", path.name, cwd=tmp_path), "E106", "big.csv: row 20001: E106")


# --- 3. comma-decimal locales --------------------------------------------------------------------

LOCALE_CHILD = """
import json, locale
locale.setlocale(locale.LC_ALL, "")
assert locale.localeconv()["decimal_point"] == ",", locale.localeconv()["decimal_point"]
before = locale.setlocale(locale.LC_NUMERIC)
import ipscore
from ipscore import engine
from ipscore.checks import MAX_UNKNOWN_LISTED
from ipscore.plan import Comparator
report = ipscore.evaluate("lianyungang-2014-2016", {cases!r} + "/lianyungang-2016-all-met.json")
compiled = engine.compile_rules([engine.Rule("half", Comparator.ge, 0.5)])
verdicts = [compiled.evaluate({{"half": value}})["half"] for value in (0.3, 0.5, 0.7)]
print(json.dumps({{
    "score": report.score, "grade": report.grade.value, "gaps": len(report.gaps),
    "verdicts": verdicts, "restored": locale.setlocale(locale.LC_NUMERIC) == before,
    "point": locale.localeconv()["decimal_point"],
}}))
"""


def _have_locale(name: str) -> bool:
    probe = subprocess.run(
        [sys.executable, "-c", f"import locale; locale.setlocale(locale.LC_ALL, {name!r})"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


@pytest.mark.parametrize("name", ["de_DE.UTF-8", "fr_FR.UTF-8"])
def test_a_comma_locale_changes_no_result_and_is_left_as_it_was(name):
    if not _have_locale(name):
        reason = f"locale {name} is not installed here (.ci/run generates it with localedef)"
        if os.environ.get("IPSCORE_REQUIRE_LOCALES"):
            pytest.fail(reason)
        pytest.skip(reason)
    reference = ipscore.evaluate("lianyungang-2014-2016", CASES / "lianyungang-2016-all-met.json")
    child = python_in_child(
        LOCALE_CHILD.format(cases=str(CASES)), env={"LANG": name, "LC_ALL": name}
    )
    assert child.returncode == 0, child.stderr[-800:]
    seen = json.loads(child.stdout)
    assert seen["score"] == reference.score and seen["grade"] == reference.grade.value
    assert seen["gaps"] == len(reference.gaps)
    assert seen["verdicts"] == [False, True, True]
    assert seen["restored"] and seen["point"] == ","


# --- 4. eviction race ----------------------------------------------------------------------------


def test_eviction_by_another_thread_never_breaks_an_evaluation(monkeypatch):
    monkeypatch.setattr(engine, "MAX_COMPILED", 1)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often: the race window is short
    thresholds = [float(n) for n in range(40)]
    errors: list[BaseException] = []
    wrong: list[tuple] = []

    def worker(seed: int) -> None:
        try:
            for step in range(60):
                threshold = thresholds[(seed * 7 + step) % len(thresholds)]
                rules = [engine.Rule(f"t{i}", Comparator.ge, threshold + i) for i in range(3)]
                compiled = engine.compile_rules(rules)
                values = {f"t{i}": threshold + i + (step % 3 - 1) for i in range(3)}
                verdicts = compiled.evaluate(values)
                expected = {key: values[key] >= threshold + int(key[1:]) for key in values}
                if verdicts != expected:
                    wrong.append((threshold, verdicts, expected))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(16)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors[:3]
    assert not wrong, wrong[:3]


def test_the_cache_is_bounded_by_targets_too(monkeypatch):
    monkeypatch.setattr(engine, "MAX_COMPILED_TARGETS", 100)
    for offset in range(5):
        engine.compile_rules([engine.Rule(f"s{i}", Comparator.ge, offset + i) for i in range(40)])
    with engine._lock:
        held = sum(len(plan.rules) for plan in engine._compiled.values())
    assert held <= 100


# --- 9. fork while another thread evaluates ------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_child_forked_during_an_evaluation_can_evaluate():
    child = python_in_child(
        f"""
        import os, signal, threading, warnings
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: intended here
        import ipscore
        from ipscore import engine
        plan = ipscore.load_plan("nanjing-2022-2025")
        data = {str(CASES / "nanjing-2025-partial.json")!r}
        expected = ipscore.evaluate(plan, data).score
        rules = [engine.Rule(t.id, t.comparator, t.threshold) for t in plan.targets]
        compiled = engine.compile_rules(rules)
        values = {{rule.target_id: rule.threshold for rule in rules}}
        stop = False
        def busy():  # long batches: the engine lock is held most of the time
            while not stop:
                compiled.evaluate_many([values] * 200)
        thread = threading.Thread(target=busy)
        thread.start()
        failures = 0
        for _ in range(15):
            pid = os.fork()
            if pid == 0:
                signal.alarm(3)  # a child stuck on the lock dies here
                os._exit(0 if ipscore.evaluate(plan, data).score == expected else 3)
            _, status = os.waitpid(pid, 0)
            failures += status != 0
        stop = True
        thread.join()
        print(failures)
        """
    )
    assert child.returncode == 0, child.stderr[-800:]
    assert child.stdout.strip() == "0"


# --- 6. unknown keys: bounded work and output ----------------------------------------------------


def test_many_unknown_keys_are_listed_up_to_a_cap_and_counted(tmp_path):
    data = json.loads((CASES / "nanjing-2025-partial.json").read_text("utf-8"))
    data["indicators"].update({f"patent_grant_{i}": 1 for i in range(30_000)})
    (tmp_path / "data.json").write_text(json.dumps(data), encoding="utf-8")
    result = bounded("check", "data.json", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr[-500:]
    warnings = [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "W200"]
    assert len(warnings) == MAX_UNKNOWN_LISTED + 1
    assert "did you mean 'patent_grants'?" in warnings[0]["message"]
    assert warnings[-1]["message"].startswith(f"{30_000 - MAX_UNKNOWN_LISTED} more unknown keys")


# --- 7. formula injection into templates ---------------------------------------------------------

INJECTED = "=cmd|' /C calc'!A0"


def _injected_pack(tmp_path: Path) -> Path:
    data = _pack_with()
    data["plan"]["region"] = INJECTED
    data["plan"]["title"] = '=HYPERLINK("http://example.com","x")'
    pack = tmp_path / "pack.yaml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return pack


def test_a_template_writes_formula_like_text_as_text(tmp_path, cli):
    import openpyxl

    pack = _injected_pack(tmp_path)
    assert cli("template", pack, "-o", tmp_path / "t.xlsx").code == 0
    workbook = openpyxl.load_workbook(tmp_path / "t.xlsx")
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert any(cell.value == INJECTED for cell in cells)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]

    assert cli("template", pack, "-o", tmp_path / "t.csv", "--lang", "en").code == 0
    text = (tmp_path / "t.csv").read_text("utf-8-sig")
    assert text.splitlines()[0] == "#region,'=cmd|' /C calc'!A0"


def test_the_csv_reader_drops_the_prefix_it_added(tmp_path, cli):
    pack = _injected_pack(tmp_path)
    cli("template", pack, "-o", tmp_path / "t.csv", "--lang", "en")
    text = (tmp_path / "t.csv").read_text("utf-8-sig").replace("#as_of,", "#as_of,2025-12-31", 1)
    (tmp_path / "t.csv").write_text(text, encoding="utf-8")
    from ipscore.sheets import read_sheet

    assert read_sheet(tmp_path / "t.csv").region == INJECTED


def test_lint_reports_formula_like_text(tmp_path, cli):
    result = cli("lint", _injected_pack(tmp_path), "--lang", "en")
    assert result.code == 2
    flagged = [line for line in result.out.splitlines() if "run it as a formula" in line]
    assert [line.split(": ")[1] for line in flagged] == ["plan.title", "plan.region"]
    assert all(": E158 text starts with " in line for line in flagged)


# --- 8 and 14. batch output names, -o on the input, --fail-under ---------------------------------


def test_two_inputs_with_one_stem_keep_both_reports(tmp_path, cli):
    for folder, case in (("a", "nanjing-2025-partial.json"), ("b", "nanjing-2025-all-met.json")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.json").write_bytes((CASES / case).read_bytes())
    out = tmp_path / "out"
    result = cli("check", tmp_path / "a" / "x.json", tmp_path / "b" / "x.json", "-o", out)
    names = sorted(path.name for path in out.glob("*.txt"))  # beside them: the comparison
    assert names == ["x-2.nanjing-2022-2025.txt", "x.nanjing-2022-2025.txt"]
    assert "报告改名写为" in result.err and "x-2.nanjing-2022-2025.txt" in result.err
    first = (out / "x.nanjing-2022-2025.txt").read_text("utf-8")
    second = (out / "x-2.nanjing-2022-2025.txt").read_text("utf-8")
    assert first != second  # one report each, none lost


def test_a_very_long_stem_does_not_stop_the_batch(tmp_path, cli):
    long = tmp_path / ("长" * 80 + ".json")  # 240 bytes of UTF-8
    long.write_bytes((CASES / "nanjing-2025-partial.json").read_bytes())
    short = tmp_path / "s.json"
    short.write_bytes((CASES / "nanjing-2025-all-met.json").read_bytes())
    result = cli("check", long, short, "-o", tmp_path / "out")
    assert result.code == 1, result.err
    assert len(list((tmp_path / "out").glob("*.txt"))) == 2


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_output_onto_the_input_is_refused(tmp_path, cli, suffix):
    source = CASES / "nanjing-2025-partial.json"
    if suffix == ".csv":
        path = tmp_path / "in.csv"
        path.write_text("#region,南京市\n#as_of,2025-12-31\nkey,2025\n", encoding="utf-8")
    else:
        path = tmp_path / "in.json"
        path.write_bytes(source.read_bytes())
    before = path.read_bytes()
    result = cli("check", path, "--plan", "nanjing-2022-2025", "-o", path, "--lang", "en")
    assert result.code == 2 and "E108 would overwrite the input file" in result.err
    assert path.read_bytes() == before


@pytest.mark.parametrize("bound", ["-inf", "nan", "101", "-1"])
def test_fail_under_must_be_a_score(capsys, bound):
    from ipscore.cli import main

    with pytest.raises(SystemExit) as caught:
        main(["check", str(CASES / "nanjing-2025-partial.json"), f"--fail-under={bound}"])
    assert caught.value.code == 2
    assert "usage: argument --fail-under" in capsys.readouterr().err


# --- 10. lint is linear in a quote's length ------------------------------------------------------


def test_lint_of_a_long_quote_takes_seconds(tmp_path):
    quote = "达到50件，" * 50_000  # 300,000 characters, the number written 50,000 times
    data = _pack_with(quote=quote)
    (tmp_path / "pack.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = bounded("lint", "pack.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-500:]


# --- 11. control characters in names -------------------------------------------------------------


@pytest.mark.parametrize("region", ["南京市\n# 标题", "南京市\x1b[31m", "南京市\u202e"])
def test_a_region_with_control_characters_is_refused(region):
    with pytest.raises(InputError) as caught:
        ipscore.evaluate("nanjing-2022-2025", {"region": region, "as_of": "2025-12-31"})
    assert caught.value.code == "E110" and caught.value.path == "$.region"
    assert "control character U+" in caught.value.message


def test_a_plan_title_with_a_line_break_is_refused(tmp_path):
    data = _pack_with()
    data["plan"]["title"] = "方案\n<script>x</script>"
    pack = tmp_path / "pack.yaml"
    pack.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ipscore.load_plan(pack)
    assert caught.value.code == "E130" and "U+000A" in caught.value.message


# --- 12. load_plan hands out a plan of the caller's own ------------------------------------------


def test_changing_a_loaded_plan_changes_no_later_evaluation():
    data = CASES / "nanjing-2025-partial.json"
    before = ipscore.evaluate("nanjing-2022-2025", data).model_dump_json()
    plan = ipscore.load_plan("nanjing-2022-2025")
    plan.targets.clear()
    plan.catalogue.clear()
    assert ipscore.load_plan("nanjing-2022-2025").targets
    assert ipscore.evaluate("nanjing-2022-2025", data).model_dump_json() == before


# --- 14. numbers that underflow; the caller's decimal context ------------------------------------


def test_a_number_that_underflows_to_zero_is_refused(tmp_path):
    text = (CASES / "nanjing-2025-partial.json").read_text("utf-8")
    data = json.loads(text)
    key = next(iter(data["indicators"]))
    data["indicators"][key] = 12345
    path = tmp_path / "d.json"
    written = json.dumps(data).replace("12345", "1e-400")  # one line
    path.write_text(written, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        ipscore.read_submission(path)
    assert caught.value.code == "E105" and "too small" in caught.value.message
    column = written.index("1e-400") + 1
    assert caught.value.path == f"line 1, column {column} ($.indicators.{key})"


def test_results_do_not_depend_on_the_callers_decimal_context():
    cases = ["nanjing-2025-partial.json", "hefei-2023-midterm.json", "nanping-2025-midterm.json"]
    reference = [_reports(case) for case in cases]
    with decimal.localcontext() as context:
        context.prec = 3
        context.rounding = decimal.ROUND_DOWN
        assert [_reports(case) for case in cases] == reference
        assert decimal.getcontext().prec == 3  # the caller's context is left as it was


def _reports(case: str) -> list[str]:
    submission = ipscore.read_submission(CASES / case)
    return [
        ipscore.evaluate(plan, submission).model_dump_json()
        for plan in ipscore.list_plans()
        if plan.plan.region == submission.region
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_comparison_writes_a_formula_like_region_as_text(tmp_path, cli, suffix):
    import openpyxl

    for name in ("a", "b"):
        data = json.loads((CASES / "nanjing-2025-partial.json").read_text("utf-8"))
        data["region"] = INJECTED if name == "a" else "南京市"
        (tmp_path / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = tmp_path / f"summary{suffix}"
    result = cli("check", tmp_path / "a.json", tmp_path / "b.json", "-o", out)
    assert result.code in (1, 2), result.err
    if suffix == ".csv":
        text = out.read_text("utf-8-sig")
        assert f"'{INJECTED}" in text and f",{INJECTED}" not in text
    else:
        cells = [c for s in openpyxl.load_workbook(out) for r in s.iter_rows() for c in r]
        assert any(cell.value == INJECTED for cell in cells)
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]


def test_a_sheet_number_that_underflows_to_zero_is_refused(tmp_path):
    from ipscore.sheets import read_sheet

    path = tmp_path / "d.csv"
    path.write_text("#region,南京市\n#as_of,2025-12-31\nkey,2025\npatent_grants,1e-400\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_sheet(path)
    assert caught.value.code == "E110" and caught.value.path == "B4"
    assert "too small" in caught.value.message
