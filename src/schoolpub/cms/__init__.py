"""The browser editor (/admin/, Decap CMS): its configuration, generated from the models."""
from .config import (CONFIG_PATH, SETTINGS_PATH, SettingsError, build_config, read_settings, rendered, stale_config,
                     write_config)

__all__ = ["CONFIG_PATH", "SETTINGS_PATH", "SettingsError", "build_config", "read_settings", "rendered", "stale_config", "write_config"]
