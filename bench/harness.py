"""What the benchmarks share: SQL cloning of a row, a fresh copy of the template database for
each measurement, running a step of a benchmark in a fresh process, and saving the results."""

import argparse
import json
import os
import subprocess
import sys


def clone_rows(cr, table, template_id, count, overrides):
    """Insert ``count`` copies of row ``template_id`` of ``table``; ``overrides`` maps a column
    to an SQL expression of the series number ``g``. One statement."""
    copy_rows(cr, table, f"generate_series(1, {int(count)}) AS g", f"t.id = {int(template_id)}", overrides)


def copy_rows(cr, table, source, where, overrides):
    """Insert a copy of each row ``t`` of ``table`` for each row of the SQL ``source``, where
    ``where`` holds; ``overrides`` maps a column (``id`` included) to an SQL expression of
    ``t`` and ``source``. One statement."""
    from odoo.tools import SQL  # noqa: PLC0415

    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()] + (["id"] if "id" in overrides else [])
    values = [SQL(overrides[c]) if c in overrides else SQL("t.%s", SQL.identifier(c)) for c in columns]
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s AS t, %s WHERE %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(c) for c in columns),
            SQL(", ").join(values),
            SQL.identifier(table),
            SQL(source),
            SQL(where),
        )
    )


def bench_parser(doc, sizes):
    """The options every benchmark takes: Odoo's configuration, the template, the sizes."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--template", help="database to copy for each measurement")
    parser.add_argument("--sizes", type=int, nargs="+", default=sizes)
    return parser


def fresh_copy(template, database):
    drop(database)
    subprocess.run(["createdb", "-T", template, database], check=True)


def drop(database):
    subprocess.run(["dropdb", "--if-exists", database], check=True)


def run_step(script, *args):
    """Run ``script`` with ``args`` in a fresh process; its last output line is a JSON result."""
    out = subprocess.run([sys.executable, script, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def measure_all(script, template, database, runs, name):
    """For each run, a list of step argument lists: a fresh copy of ``template`` as
    ``database``, each step run by ``script`` in a fresh process; the last step's result is the
    run's. Prints each result as it comes and saves them all under ``name``."""
    results = []
    for steps in runs:
        fresh_copy(template, database)
        for step in steps:
            result = run_step(script, *step)
        results.append(result)
        print(json.dumps(result), flush=True)
        drop(database)
    save(results, name)
    return results


def populate_then_measure(doc, script, populate, measure, name, sizes=(10000, 100000)):
    """The command line of a benchmark in two steps: for each size, a fresh copy of the
    template populated by ``populate`` in one process, then measured by ``measure`` in another
    (so that its peak memory is the measurement's); results saved as ``name``.json."""
    parser = bench_parser(doc, list(sizes))
    parser.add_argument("--step", nargs=3, metavar=("STEP", "DATABASE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step, database, count = args.step
        (populate if step == "populate" else measure)(args.config, database, int(count))
        return
    database = f"{args.template}_{name}"
    runs = [
        [["--config", args.config, "--step", step, database, str(count)] for step in ("populate", "measure")]
        for count in args.sizes
    ]
    measure_all(script, args.template, database, runs, f"{name}.json")


def save(results, name):
    folder = os.path.join(os.path.dirname(__file__), "results")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "w") as f:
        json.dump(results, f, indent=1)
