"""Run every benchmark suite, or the ones named: `python -m bench [bench.letters ...]`."""

import importlib
import sys

from bench import SUITES

for name in sys.argv[1:] or SUITES:
    print(f"== {name}", flush=True)
    importlib.import_module(name).main()
