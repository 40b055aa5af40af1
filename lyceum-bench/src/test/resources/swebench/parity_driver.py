"""Runs one official parser.py, unchanged, on many logs in one process (as `python parser.py out err json` would).

usage: parity_driver.py PARSER_PY CASES_DIR
Each CASES_DIR/<case>/ holds stdout.log and stderr.log; the driver writes python.json, or python.crash holding the
exception class name when the parser raises.
"""
import contextlib
import io
import os
import runpy
import sys

parser, cases = sys.argv[1], sys.argv[2]
for case in sorted(os.listdir(cases)):
    d = os.path.join(cases, case)
    out = os.path.join(d, "python.json")
    sys.argv = [parser, os.path.join(d, "stdout.log"), os.path.join(d, "stderr.log"), out]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            runpy.run_path(parser, run_name="__main__")
    except SystemExit as e:
        if e.code not in (None, 0):
            with open(os.path.join(d, "python.crash"), "w") as f:
                f.write("SystemExit")
    except BaseException as e:
        if os.path.exists(out):
            os.remove(out)
        with open(os.path.join(d, "python.crash"), "w") as f:
            f.write(type(e).__name__)
