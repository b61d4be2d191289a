"""JSON placed inside an HTML ``<script>`` element, safe whatever its strings hold."""

from __future__ import annotations

import json
from typing import Any

# Inside <script>, the HTML parser ends the element at "</script" and treats "<!--" specially,
# whatever the JSON means. Writing <, > and & as JSON escapes keeps the JSON identical
# while no such sequence can appear in the element's text.
_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(data: Any) -> str:
    """Serialise ``data`` as JSON that can stand verbatim inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.translate(_UNSAFE).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
