"""`--format table` on a pipe: plain aligned columns (CJK counted double), no box drawing, no rich import."""
from __future__ import annotations

import io
import subprocess
import sys

from medkg.app import output
from medkg.base.rows import Rows


def test_piped_table_aligns_cjk_and_numbers() -> None:
    out = io.StringIO()
    output.write(Rows(["org", "models"], [{"org": "瑞金医院", "models": 12}, {"org": "SJTU", "models": 3}]), "table", out)
    lines = out.getvalue().splitlines()
    assert lines == ["org       models", "瑞金医院      12", "SJTU           3"]


def test_piped_lookup_does_not_import_rich(cli, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    assert cli("build", "--registry", str(small_registry), home=tmp_path).returncode == 0
    code = ("import sys; sys.argv = ['medkg', 'who-built', '华佗GPT']\n"
            "from medkg.app.entry import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('rich' in sys.modules, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={"MEDKG_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert "developer" in result.stdout and "┃" not in result.stdout
    assert result.stderr.strip().endswith("False"), result.stderr


def test_awk_reads_the_piped_table(cli, tmp_path, small_registry) -> None:  # type: ignore[no-untyped-def]
    """A Unix tool reads the plain table column by column, and finds what the JSON output says."""
    import json
    import shutil

    assert cli("build", "--registry", str(small_registry), home=tmp_path).returncode == 0
    table = cli("stats", "types", home=tmp_path).stdout
    awk = shutil.which("awk")
    assert awk, "awk is part of every Debian base system"
    fields = subprocess.run([awk, "NR > 2 {print $1, $2}"], input=table, capture_output=True, text=True, check=True)
    as_json = json.loads(cli("stats", "types", "--format", "json", home=tmp_path).stdout)
    assert fields.stdout.splitlines() == [f"{r['model_type']} {r['models']}" for r in as_json]
