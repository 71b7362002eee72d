"""`make demo` takes a port (and a host), as the README says."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def demo_command(*variables: str) -> str:
    result = subprocess.run(["make", "-n", "-C", str(ROOT), "demo", *variables],
                            capture_output=True, text=True, check=True)
    return next(line for line in result.stdout.splitlines() if "herald demo" in line)


def test_make_demo_serves_on_the_port_given():
    assert demo_command("PORT=8001").endswith("herald demo --host 127.0.0.1 --port 8001")
    assert demo_command("HOST=0.0.0.0", "PORT=8080").endswith("herald demo --host 0.0.0.0 --port 8080")


def test_make_demo_defaults_to_the_readmes_address():
    assert demo_command().endswith("herald demo --host 127.0.0.1 --port 8000")
    assert re.search(r"`make demo PORT=8001`", (ROOT / "README.md").read_text())
