"""A batch from checked rows to files: render every letter, then write the outputs. The
command line and the job queue both call run()."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from records.batch.model import Item, Rendered
from records.batch.outputs import OutputPaths, Written, write_outputs
from records.batch.render import LetterStore, render_letters


def run(items: Sequence[Item], paths: OutputPaths, *, workers: int, today: date,
        store: LetterStore | None = None,
        on_progress: Callable[[int, int], None] | None = None
        ) -> tuple[Written, dict[int, Rendered]]:
    """Render (resuming from `store`), then write the files `paths` names. Raises
    records.batch.render.RenderInterrupted when a worker dies: run again with the same
    store to go on."""
    rendered = render_letters(items, workers=workers, store=store, on_progress=on_progress)
    return write_outputs(items, rendered, paths, today=today, workers=workers), rendered
