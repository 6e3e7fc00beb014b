"""Settings come from defaults < file < environment < flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from horizonscan.config import Settings, load_settings
from horizonscan.errors import ConfigError


def test_layers_override_in_order(tmp_path: Path) -> None:
    config = tmp_path / "h.toml"
    config.write_text('db = "file.db"\nretries = 5\nuser_agent = "from-file"\n', "utf-8")
    env = {"HORIZONSCAN_RETRIES": "7", "HORIZONSCAN_USER_AGENT": "from-env"}
    settings = load_settings(config, env=env, overrides={"user_agent": "from-flag", "db": None})
    assert settings.db == "file.db"  # file beats default; a None flag changes nothing
    assert settings.retries == 7  # environment beats file
    assert settings.user_agent == "from-flag"  # flag beats environment


def test_config_file_from_environment(tmp_path: Path) -> None:
    config = tmp_path / "h.toml"
    config.write_text("max_redirects = 2\n", "utf-8")
    assert load_settings(None, env={"HORIZONSCAN_CONFIG": str(config)}).max_redirects == 2


def test_bad_values_name_the_key(tmp_path: Path) -> None:
    config = tmp_path / "h.toml"
    config.write_text('retries = "many"\nunknown_key = 1\n', "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, env={})
    assert "retries" in str(caught.value) and "unknown_key" in str(caught.value)
    assert str(config) in str(caught.value)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "h.toml"
    config.write_text("retries = = 1\n", "utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(config, env={})


def test_every_setting_is_documented() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description, name


def test_archive_sits_beside_the_database(tmp_path: Path) -> None:
    settings = load_settings(None, env={}, overrides={"db": str(tmp_path / "x" / "h.db")})
    assert settings.archive_path == tmp_path / "x" / "archive"
    assert settings.db_url == f"sqlite:///{tmp_path / 'x' / 'h.db'}"
