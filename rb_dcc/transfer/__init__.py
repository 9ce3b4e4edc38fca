"""Moving files: uploads with a content-hash cache (unchanged files are not sent twice), parallel,
resumable and verified; downloads of outputs into a chosen folder, resumable, verified and
confined to that folder. Two backends share one small interface (``TransferBackend``): the local
farm's HTTP transfer and the service's own transfer engine (``rayvision_transmitter``).
"""

from __future__ import annotations

from .base import (
    DownloadReport,
    TransferBackend,
    TransferCancelled,
    TransferError,
    TransferProgress,
    UploadItem,
    UploadReport,
)
from .download import DownloadResult, backend_for, download_outputs, output_roots
from .hashcache import HashCache, cache_dir, sha256_file
from .localfarm_http import LocalFarmTransfer
from .safepath import UnsafePath, safe_local_path
from .transmitter import TransmitterBackend, TransmitterConfig, find_transmitter

__all__ = [
    "DownloadReport", "DownloadResult", "HashCache", "LocalFarmTransfer", "TransferBackend",
    "TransmitterBackend", "TransmitterConfig", "find_transmitter", "TransferCancelled", "TransferError",
    "TransferProgress", "UnsafePath", "UploadItem", "UploadReport", "backend_for", "cache_dir",
    "download_outputs", "output_roots", "safe_local_path", "sha256_file",
]
