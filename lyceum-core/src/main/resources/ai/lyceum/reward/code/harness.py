"""Lyceum's Python test harness: runs a candidate program and its tests in one sandboxed process and reports
each test on its own, so that partial credit is real.

Protocol: stdin holds a nonce line, then a JSON spec. Result records go to the original stdout as
"<nonce> <json>" lines; the candidate's own prints are redirected to stderr so that they can neither flood nor
fake the results. The plan (the list of tests) is sent before any candidate code runs, so a candidate that
crashes or exits early still leaves every test accounted for.

Two shapes of tests:
  asserts: each source snippet (an MBPP assert line) runs separately in the program's namespace.
  check:   a HumanEval-style `check(candidate)` function; each top-level statement of its body that contains an
           assert is one test, other statements are set-up run in order. Bodies that cannot be split safely
           (a top-level return, global or nonlocal) run as the single test `check(entry_point)`.
"""
import ast
import json
import os
import signal
import sys


class _TestTimeout(BaseException):
    # A BaseException so that a candidate's `except Exception` cannot swallow it.
    pass


def _on_alarm(signum, frame):
    raise _TestTimeout()


def _describe(error):
    text = "%s: %s" % (type(error).__name__, error) if str(error) else type(error).__name__
    return text if len(text) <= 300 else text[:300] + "..."


def _first_line(source):
    line = source.strip().splitlines()[0] if source.strip() else ""
    return line if len(line) <= 120 else line[:120] + "..."


def _escapes_module_level(node):
    """Whether a statement only makes sense inside its function: return, yield, global, nonlocal or await
    outside any nested function or class."""
    if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom, ast.Await, ast.Global, ast.Nonlocal)):
        return True
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
        return False
    return any(_escapes_module_level(child) for child in ast.iter_child_nodes(node))


def _split_check(test_source):
    """The check function's parameter and its statements as (is_test, statement, name), or None."""
    module = ast.parse(test_source)
    check = next((node for node in module.body
                  if isinstance(node, ast.FunctionDef) and node.name == "check"), None)
    if check is None or len(check.args.args) != 1:
        return None
    for statement in check.body:
        if _escapes_module_level(statement):
            return None
    steps = []
    for statement in check.body:
        is_test = any(isinstance(node, ast.Assert) for node in ast.walk(statement))
        segment = ast.get_source_segment(test_source, statement) or ""
        try:
            # Compiled now, before any candidate code runs, so that a statement that cannot stand alone makes
            # the whole check one test instead of a harness fault counted against the candidate.
            code = compile(ast.Module(body=[statement], type_ignores=[]), "<check>", "exec")
        except SyntaxError:
            return None
        steps.append((is_test, code, "line %d: %s" % (statement.lineno, _first_line(segment))))
    return check.args.args[0].arg, steps


def main():
    nonce, _, payload = sys.stdin.buffer.read().partition(b"\n")
    spec = json.loads(payload)
    results = os.dup(1)
    os.dup2(2, 1)
    prefix = nonce + b" "

    def emit(**record):
        data = prefix + json.dumps(record).encode() + b"\n"
        while data:
            data = data[os.write(results, data):]

    # CPU time, not wall time: a loaded host must not turn a slow-but-correct test into a timeout. A test that
    # sleeps forever is left to the sandbox's wall-clock deadline.
    limit = float(spec["per_test_cpu_seconds"])
    signal.signal(signal.SIGPROF, _on_alarm)

    def timed(code, namespace):
        """Runs code; returns (status, detail)."""
        signal.setitimer(signal.ITIMER_PROF, limit)
        try:
            exec(code, namespace)
            return "passed", ""
        except _TestTimeout:
            return "timed_out", "no result within %.1f s of CPU time" % limit
        except AssertionError as error:
            return "failed", _describe(error)
        except BaseException as error:
            return "error", _describe(error)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)

    if spec["kind"] == "asserts":
        tests = spec["tests"]
        emit(plan=["test %d: %s" % (i + 1, _first_line(t)) for i, t in enumerate(tests)])
        split = None
    else:
        try:
            split = _split_check(spec["test"])
        except SyntaxError as error:
            emit(harness_error="the test code does not parse: " + _describe(error))
            return
        if split is None:
            emit(plan=["check(%s)" % spec["entry_point"]])
        else:
            emit(plan=[name for is_test, _, name in split[1] if is_test])

    namespace = {"__name__": "__candidate__", "__builtins__": __builtins__}
    try:
        program = compile(spec["program"], "<candidate>", "exec")
    except BaseException as error:
        emit(program_error=_describe(error))
        return
    status, detail = timed(program, namespace)
    if status != "passed":
        emit(program_error=detail if status != "failed" else "AssertionError at module level: " + detail)
        return
    status, detail = timed(compile(spec["setup"], "<test setup>", "exec"), namespace)
    if status != "passed":
        emit(setup_error=detail)
        return

    if spec["kind"] == "asserts":
        for index, source in enumerate(tests):
            try:
                code = compile(source, "<test %d>" % (index + 1), "exec")
            except SyntaxError as error:
                emit(test=index, status="error", detail="the test does not parse: " + _describe(error))
                continue
            status, detail = timed(code, namespace)
            emit(test=index, status=status, detail=detail)
        return

    entry_point = spec["entry_point"]
    if entry_point not in namespace:
        emit(setup_error="the program does not define %s" % entry_point)
        return
    if split is None:
        status, detail = timed("check(%s)" % entry_point, namespace)
        emit(test=0, status=status, detail=detail)
        return
    parameter, steps = split
    scope = dict(namespace)  # one dict for globals and locals, so comprehensions see the check's variables
    scope[parameter] = namespace[entry_point]
    index = 0
    for is_test, code, name in steps:
        status, detail = timed(code, scope)
        if is_test:
            emit(test=index, status=status, detail=detail)
            index += 1
        elif status != "passed":
            emit(setup_error="%s raised %s" % (name, detail))
            return


if __name__ == "__main__":
    try:
        main()
    except BaseException as error:
        # A fault of the harness itself (the candidate's errors are caught per stage): report it, never hide it.
        sys.stderr.write("lyceum harness error: %s\n" % _describe(error))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            # Skip the candidate's atexit hooks and non-daemon threads: the results are already out.
            os._exit(0)
