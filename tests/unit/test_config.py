"""The service's configuration: safe defaults, and a start-up error naming any bad variable."""

from __future__ import annotations

import pytest

from aibou.wiring import DEFAULT_CERTS_URL, Config, ConfigError, GoogleConfig


def test_defaults_let_nobody_in() -> None:
    config = Config.from_env({})
    assert config.tasks_invokers == frozenset() and config.tasks_audience == ""
    assert config.certs_url == DEFAULT_CERTS_URL and not config.on_app_engine


def test_the_audience_follows_the_public_url() -> None:
    config = Config.from_env(
        {
            "AIBOU_PUBLIC_URL": "https://aibou.example.com/",
            "AIBOU_TASKS_INVOKERS": "A@x.iam.gserviceaccount.com, b@x.iam.gserviceaccount.com",
        }
    )
    assert config.tasks_audience == "https://aibou.example.com/tasks/rotate"
    assert config.tasks_invokers == {"a@x.iam.gserviceaccount.com", "b@x.iam.gserviceaccount.com"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AIBOU_TASKS_INVOKERS", "scheduler"),
        ("AIBOU_ADDON_SERVICE_ACCOUNT", "service-1"),
        ("AIBOU_DELEGATED_USER", "ops at example"),
        ("AIBOU_PUBLIC_URL", "aibou.example.com"),
        ("AIBOU_ID_TOKEN_CERTS_URL", "http://certs.example.com/"),  # tokens' keys in clear text
        ("AIBOU_SHEETS_ENDPOINT", "http://proxy.example.com/"),  # bearer tokens in clear text
        ("AIBOU_CALENDAR_ENDPOINT", "ftp://x/"),
    ],
)
def test_a_bad_value_stops_the_start_and_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Config.from_env({name: value})


def test_plain_http_is_fine_on_this_machine() -> None:
    config = Config.from_env(
        {
            "AIBOU_SHEETS_ENDPOINT": "http://127.0.0.1:8080/",
            "AIBOU_ID_TOKEN_CERTS_URL": "http://localhost:8080/oauth2/v1/certs",
        }
    )
    assert config.certs_url == "http://localhost:8080/oauth2/v1/certs"


def test_the_command_line_reads_only_how_to_reach_google() -> None:
    env = {"AIBOU_PUBLIC_URL": "not a url", "AIBOU_DELEGATED_USER": "OPS@example.com"}
    config = Config.command_line(env)
    assert config.google == GoogleConfig(delegated_user="ops@example.com")
    with pytest.raises(ConfigError, match="AIBOU_SHEETS_ENDPOINT"):
        Config.command_line({"AIBOU_SHEETS_ENDPOINT": "http://proxy.example.com/"})


def test_endpoints_end_with_a_slash() -> None:
    config = Config.from_env({"AIBOU_SHEETS_ENDPOINT": "http://127.0.0.1:8080"})
    assert config.google.sheets_endpoint == "http://127.0.0.1:8080/"


def test_only_the_composition_root_reads_the_environment() -> None:
    import re
    from pathlib import Path

    import aibou

    package = Path(aibou.__file__).parent
    reads = re.compile(r"\bos\.(environ|getenv)\b|\bfrom os import\b")
    readers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if reads.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["wiring.py"]
