"""Runs one official parser.py, unchanged, on many logs in one process (as `python parser.py out err json` would).

usage: parity_driver.py PARSER_PY CASES_DIR
Each CASES_DIR/<case>/ holds stdout.log and stderr.log; the driver writes python.json, or python.crash holding the
exception class name when the parser raises. The source is compiled once and executed afresh, as __main__, per case.
"""
import contextlib
import io
import os
import sys

parser, cases = sys.argv[1], sys.argv[2]
with open(parser) as f:
    source = f.read()
try:
    code = compile(source, parser, "exec")
    compile_error = None
except SyntaxError as e:
    code, compile_error = None, type(e).__name__

for case in sorted(os.listdir(cases)):
    d = os.path.join(cases, case)
    out = os.path.join(d, "python.json")
    if compile_error:
        with open(os.path.join(d, "python.crash"), "w") as f:
            f.write(compile_error)
        continue
    sys.argv = [parser, os.path.join(d, "stdout.log"), os.path.join(d, "stderr.log"), out]
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, {"__name__": "__main__", "__file__": parser, "__builtins__": __builtins__})
    except SystemExit as e:
        if e.code not in (None, 0):
            with open(os.path.join(d, "python.crash"), "w") as f:
                f.write("SystemExit")
    except BaseException as e:
        if os.path.exists(out):
            os.remove(out)
        with open(os.path.join(d, "python.crash"), "w") as f:
            f.write(type(e).__name__)
