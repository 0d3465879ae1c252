#!/usr/bin/env python3
"""Where a Parley JVM's CPU went, from a JFR recording's execution samples (webhook-load.sh
PARLEY_BENCH_JFR=<file>). Three splits of the same samples, as shares:
  - by Parley component: the outermost dev.parley class on the stack (the task the thread runs);
  - by library: the innermost frame outside the JDK (pgjdbc, HikariCP, H2, Jackson, Jetty, Parley...);
  - samples with the JDBC driver, or a commit, anywhere on the stack.
Usage: bench/jfr-where.py recording.jfr [more.jfr ...]   (several files are summed: one per node)
"""
import collections
import re
import subprocess
import sys

LIBRARIES = [("org.postgresql.", "pgjdbc (PostgreSQL driver)"), ("com.zaxxer.hikari.", "HikariCP"),
             ("org.h2.", "H2"), ("com.fasterxml.jackson.", "Jackson"), ("org.eclipse.jetty.", "Jetty"),
             ("org.apache.felix.", "Felix"), ("dev.parley.", "Parley")]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def samples(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "200", path],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s+([\w$.]+\.[\w$<>]+)\(.*\)\s+line:", block, re.M)
        yield (thread.group(1) if thread else "?"), frames  # frames: innermost first, "class.method"


def component(frames):
    parley = [f for f in frames if f.startswith("dev.parley.")]
    if not parley:
        return "outside Parley code (JIT-compiled JDK/Felix/Jetty work with no Parley frame)"
    cls = parley[-1].rsplit(".", 1)[0]
    return re.sub(r"\$.*", "", cls.rsplit(".", 1)[-1])


def library(frames):
    for f in frames:
        if not f.startswith(JDK):
            for prefix, name in LIBRARIES:
                if f.startswith(prefix):
                    return name
            return f.rsplit(".", 2)[0]
    return "JDK only"


def main(paths):
    by_component, by_library, by_thread = collections.Counter(), collections.Counter(), collections.Counter()
    total = jdbc = commits = 0
    for path in paths:
        for thread, frames in samples(path):
            total += 1
            by_component[component(frames)] += 1
            by_library[library(frames)] += 1
            by_thread[re.sub(r"\d+", "N", thread)] += 1
            jdbc += any(f.startswith("org.postgresql.") or f.startswith("org.h2.") for f in frames)
            commits += any(re.search(r"Connection\.commit$", f) for f in frames)
    if total == 0:
        sys.exit("no execution samples")
    print(f"{total} execution samples in {len(paths)} recording(s)")
    for title, counter in (("by Parley component (outermost Parley class)", by_component),
                           ("by library (innermost frame outside the JDK)", by_library),
                           ("by thread (digits folded)", by_thread)):
        print(f"\n{title}:")
        for name, n in counter.most_common(14):
            print(f"  {100 * n / total:5.1f}%  {name}")
    print(f"\nJDBC driver (pgjdbc or H2) anywhere on the stack: {100 * jdbc / total:.1f}%; "
          f"a Connection.commit on the stack: {100 * commits / total:.1f}%")


if __name__ == "__main__":
    main(sys.argv[1:])
