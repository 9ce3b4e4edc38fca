"""Job settings, the Renderbus job files, and the submission pipeline with its journal."""

from __future__ import annotations

from .jobfiles import EnvChoice, HardwareChoice, JobFiles, JobFilesError, build_job_files
from .settings import JobSettings, SettingsError

__all__ = [
    "EnvChoice", "HardwareChoice", "JobFiles", "JobFilesError", "JobSettings", "SettingsError", "build_job_files",
]
