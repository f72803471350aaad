"""Any bytes given to the reader end in the store's own error or in a draft, never in another
exception."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem_tui.core import store

from .corpus import BASE

# Bytes of every kind, and TOML-shaped text that gets further into the parser and the model.
TOML_PIECES = st.sampled_from(
    [
        "format = 1\n",
        "[meta]\n",
        'title = "T"\n',
        "[[timeline]]\n",
        "at = 2024-01-15T14:32:00Z\n",
        'event = "x"\n',
        "[impact]\n",
        "users_affected = -1\n",
        "start = 2024-01-15\n",
        "[[action_items]]\n",
        'action = "a"\n',
        'status = "Done"\n',
        "due = 2024-02-30\n",
        "x = [[[[\n",
        '"a.b" . c = 1\n',
        "= \n",
        "\ufeff",
        "\x00",
        "'''\n",
        '"""\n',
        "\\u0000",
        "[meta.authors]\n",
        "name = 1\n",
    ]
)
ANY_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.lists(TOML_PIECES, max_size=30).map(lambda parts: "".join(parts).encode("utf-8")),
    st.tuples(st.integers(0, len(BASE)), st.binary(max_size=20)).map(
        lambda cut: BASE.encode("utf-8")[: cut[0]] + cut[1] + BASE.encode("utf-8")[cut[0] :]
    ),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=ANY_BYTES)
def test_any_bytes_end_in_a_draft_or_the_store_error(data: bytes) -> None:
    fd, name = tempfile.mkstemp(suffix=".toml")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            loaded = store.read_draft(Path(name), size_limit=1 << 20)
        except store.DraftError as error:
            message = str(error)
            assert message.startswith(name)
            assert len(message) < 1000
        else:
            assert loaded.draft.meta.title.strip()
            store.dumps_draft(loaded.draft)  # what fmt would write can be written
    finally:
        os.unlink(name)
