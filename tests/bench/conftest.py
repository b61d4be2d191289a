from __future__ import annotations

import sys
from pathlib import Path

# The benchmark package sits at the top of the checkout and is not installed
# (only build_tools is), so make it importable wherever pytest is started from.
REPO = str(Path(__file__).resolve().parents[2])
if REPO not in sys.path:
    sys.path.insert(0, REPO)
