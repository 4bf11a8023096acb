#!/usr/bin/env python
"""The old name of ``scripts/evaluate.py``: the same command line and output (real articles of
``eval/`` against their annotation; ``--write-terms DIR``), the same functions (``scripts/evallib.py``).

    python scripts/score_real.py TEXT_DIR --split tune --missed
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from evallib import *  # noqa: E402, F403  (the functions tests and notebooks used from here)
from evaluate import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
