"""`kotopolku bench NAME [options] --json`: run a benchmark from the repository's bench/."""

import importlib
import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

# The benchmarks of bench/ (docs/performance.md): the caseload against its floor, and the
# deadline-sorted caseload and unit view against it on a data set with casework; the tray's
# ranked search (and the Finnish retrieval protocol), the catalogue import, and the course
# timetabling engine on the public ITC-2007 instances and on the demo region's quarter.
BENCHMARKS = ("worklist", "deadlines", "search", "import", "itc2007", "timetable")


class Command(BaseCommand):
    help = (
        "Run bench/NAME.py and print its figures (one JSON object with --json); "
        f"NAME is one of: {', '.join(BENCHMARKS)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "name", choices=BENCHMARKS, help=f"the benchmark: {', '.join(BENCHMARKS)}"
        )
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--clients", type=int, default=100_000)
        parser.add_argument("--requests", type=int, default=300)
        parser.add_argument("--warmup", type=int, default=20)
        parser.add_argument("--services", type=int, default=50_000, help="search, import: entries")
        parser.add_argument(
            "--reuse", action="store_true", help="reuse a synth data set of the same size"
        )
        parser.add_argument(
            "--instances", help="itc2007: comma-separated instance names (default: all 21)"
        )
        parser.add_argument(
            "--time-limit", type=float, default=60.0, help="itc2007: seconds per instance"
        )
        parser.add_argument(
            "--time-limits",
            default="10,60",
            help="timetable: seconds per solve of the demo quarter, comma-separated",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="itc2007, timetable: the solver's seed"
        )
        parser.add_argument(
            "--workers", type=int, default=2, help="itc2007, timetable: CP-SAT workers"
        )

    def handle(self, *args: Any, name: str, as_json: bool, **options: Any) -> None:
        root = str(settings.BASE_DIR)
        if root not in sys.path:
            sys.path.insert(0, root)
        # bench/ lies outside the package, and `import` is a keyword: a name looked up, but only
        # one of BENCHMARKS (argparse refuses others), and a module that fails to import fails
        # loudly instead of reading as "no such benchmark".
        module = importlib.import_module(f"bench.{name}")
        figures = module.run(log=None if as_json else self.stderr.write, **options)
        if as_json:
            self.stdout.write(json.dumps(figures))
        else:
            for key, value in figures.items():
                self.stdout.write(f"{key}: {value}")
