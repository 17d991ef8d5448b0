"""`python -m records worker [--workers N]`: the job consumer (huey) for clinic batches.

It runs the tasks of records.jobs: each batch renders its letters in worker processes of its
own (one per core), so N here is how many batches run at once (threads), plus the hourly
purge and the minute's check for batches whose worker died. Logs go to stderr: batch ids and
exception classes only, never a client's answers. `make run` starts one beside gunicorn
(records/web/gunicorn_conf.py); with REDIS_URL set, run it on any machine that shares the
database and the instance folder. SIGINT stops after the running tasks finish; SIGTERM stops
at once (an interrupted batch is picked up again by the next consumer).
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from records import db
from records.db import display_url
from records.models import Batch

# Two: one batch can run while a second one, or the purge, does not wait behind it.
DEFAULT_WORKERS = 2
MAX_WORKERS = 32


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("worker", help="run the job consumer for clinic batches")
    p.add_argument("--workers", type=_workers, default=DEFAULT_WORKERS, metavar="N",
                   help=f"batches run at once (threads; default {DEFAULT_WORKERS})")
    p.set_defaults(handler=run)


def _workers(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(
            f"--workers must be a whole number from 1 to {MAX_WORKERS}, not {text!r}")
    return int(text)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # huey's and the batches' own lines (ids, counts, exception classes); not WeasyPrint's
    # progress, a line per step of every letter.
    for name in ("huey", "records"):
        logging.getLogger(name).setLevel(logging.INFO)
    database = db.connect()
    try:
        with database.scope() as session:
            session.execute(select(Batch.id).limit(1))
    except SQLAlchemyError as exc:
        print(f"worker: cannot read the batches in {display_url(database.url)} "
              f"({type(exc).__name__}); run `python -m records db upgrade`", file=sys.stderr)
        return 1
    from records.jobs import huey

    consumer = huey.create_consumer(workers=args.workers, worker_type="thread",
                                    periodic=True, check_worker_health=True)
    consumer.run()
    return 0
