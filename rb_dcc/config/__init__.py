"""Profiles (farm address, platform, access id) and credentials.

``from rb_dcc.config import Profile, load_profiles, save_profile, get_profile, client_for``
"""

from __future__ import annotations

from .profiles import (ConfigError, Profile, client_for, config_dir, delete_profile, env_profile, get_access_key,
                       get_profile, key_source, load_profiles, save_profile, set_default, settings_path)

__all__ = ["ConfigError", "Profile", "client_for", "config_dir", "delete_profile", "env_profile", "get_access_key",
           "get_profile", "key_source", "load_profiles", "save_profile", "set_default", "settings_path"]
