"""Job settings, the Renderbus job files, and the submission pipeline with its journal."""

from __future__ import annotations

from .jobfiles import EnvChoice, HardwareChoice, JobFiles, JobFilesError, build_job_files
from .journal import Journal, list_journals
from .pipeline import ProgressEvent, Submission, SubmissionCancelled, SubmissionError, SubmitResult
from .settings import JobSettings, SettingsError
from .tips import TipCatalogue, TipText

__all__ = [
    "EnvChoice", "HardwareChoice", "JobFiles", "JobFilesError", "JobSettings", "Journal", "ProgressEvent",
    "SettingsError", "Submission", "SubmissionCancelled", "SubmissionError", "SubmitResult", "TipCatalogue",
    "TipText", "build_job_files", "list_journals",
]
