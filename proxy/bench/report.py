#!/usr/bin/env python3
"""report.py DIR OUT - the benchmark's results (DIR/runs.jsonl, idle.jsonl, big.jsonl, env.txt) as
OUT/results.md (tables with the ratios the targets are stated in), OUT/plot.dat for plot.gp, and
the raw JSON lines in OUT. Prints the summary table to stdout too. Python 3 standard library only."""
import json
import os
import shutil
import sys

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def lines(name):
    path = os.path.join(src, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(l) for l in f if l.strip().startswith("{")]


runs = lines("runs.jsonl")
idle = lines("idle.jsonl")
big = lines("big.jsonl")
cells, by = [], {}
for r in runs:
    cell = (r["size"], r["connections"], r["per_connection"])
    if cell not in cells:
        cells.append(cell)
    by[(cell, r["config"])] = r


def label(cell):
    size, conc, k = cell
    return "%s / %d conn / %d per conn" % ("%d KB" % (size // 1024), conc, k)


def val(cell, config, key, fmt="%.0f"):
    r = by.get((cell, config))
    if r is None or r.get(key) is None or r.get(key) < 0:
        return "n/a"
    return fmt % r[key]


def ms(run, key):
    """A per-message CPU figure, or n/a where it was not measured (older runs have no JIT figure)."""
    return "n/a" if run.get(key, -1) < 0 else "%.2f" % run[key]


def near(value, target):
    """A ratio with two decimals, or three where two would print the target itself (0.504 is not 0.50)."""
    text = "%.2f" % value
    return "%.3f" % value if text == "%.2f" % target and value != target else text


def ok(flag):
    return "yes" if flag else "**no**"


md = ["# smtpguard benchmark results", ""]
env = os.path.join(src, "env.txt")
if os.path.exists(env):
    with open(env) as f:
        md += ["```", f.read().strip(), "```", ""]
md += ["Client plaintext -> [smtpguard | stunnel] -> STARTTLS sink (nginx mail + smtp-sink) on loopback; "
       "\"direct\" = the load generator doing STARTTLS + verification (Java's TLS) to the sink itself; \"ceiling\" = the "
       "load generator against smtp-sink in plaintext (its own limit). All runs of one table come from one "
       "run of `proxy/bench/run-matrix.sh`, configurations interleaved cell by cell. \"smtpguard\" runs with "
       "`upstream.reuse_connections: 64` (a session that ends with QUIT leaves its verified upstream connection "
       "to the next, reset with RSET if it left a transaction open); \"smtpguard-noreuse\" (one-message-per-connection cells) opens one "
       "upstream connection per session, as stunnel does.", "",
       "## Targets, smtpguard against stunnel (same run)", "",
       "| cell | smtpguard msg/s | stunnel msg/s | ratio (target >= 1.25) | smtpguard CPU ms/msg | stunnel CPU ms/msg "
       "| CPU ratio (target <= 0.5) | smtpguard p99 ms | stunnel p99 ms | p99 no worse |",
       "|---|---|---|---|---|---|---|---|---|---|"]

# smtpguard against stunnel per cell, computed once for the tables, the summary and the README's version
compared = []
for cell in cells:
    g, s = by.get((cell, "smtpguard")), by.get((cell, "stunnel"))
    if not g or not s:
        continue
    gc, sc = g.get("server_cpu_ms_per_msg", -1), s.get("server_cpu_ms_per_msg", -1)
    compared.append((cell, g, s, g["msgs_per_s"] / s["msgs_per_s"] if s["msgs_per_s"] else 0,
                     gc / sc if gc > 0 and sc > 0 else None, g["p99_ms"] <= s["p99_ms"]))

for cell, g, s, ratio, cpu_ratio, p99_ok in compared:
    gc, sc = g.get("server_cpu_ms_per_msg", -1), s.get("server_cpu_ms_per_msg", -1)
    md.append("| %s | %.0f | %.0f | %s %s | %.2f | %.2f | %s | %.1f | %.1f | %s |" % (
        label(cell), g["msgs_per_s"], s["msgs_per_s"], near(ratio, 1.25), ok(ratio >= 1.25), gc, sc,
        "n/a" if cpu_ratio is None else "%s %s" % (near(cpu_ratio, 0.5), ok(cpu_ratio <= 0.5)),
        g["p99_ms"], s["p99_ms"], ok(p99_ok)))

# What a client gets without a proxy in the same run. Not a ceiling for a proxy: through a proxy the
# load generator speaks plaintext and leaves the TLS work (its "bench CPU") to the proxy's process.
md += ["", "## Without a proxy (same run)", "",
       "\"direct\" is the load generator doing STARTTLS and verification to the sink itself, with Java's TLS: "
       "what a client would get without a proxy. It is not a ceiling for a proxy: through a proxy the load "
       "generator speaks plaintext and the TLS work moves to the proxy (compare the \"bench CPU\" column "
       "below).", "",
       "| cell | direct / stunnel msg/s | smtpguard / stunnel msg/s | smtpguard / direct msg/s |",
       "|---|---|---|---|"]
for cell in cells:
    d, s3, g = (by.get((cell, k)) for k in ("direct", "stunnel", "smtpguard"))
    if not (d and s3 and g) or not s3["msgs_per_s"] or not d["msgs_per_s"]:
        continue
    md.append("| %s | %.2f | %.2f | %.2f |" % (label(cell), d["msgs_per_s"] / s3["msgs_per_s"],
                                            g["msgs_per_s"] / s3["msgs_per_s"], g["msgs_per_s"] / d["msgs_per_s"]))

md += ["", "## Every configuration", "",
       "| cell | config | msg/s | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/msg | of which JIT | bench CPU ms/msg | failed |",
       "|---|---|---|---|---|---|---|---|---|---|---|"]
for cell in cells:
    for config in ("ceiling", "direct", "stunnel", "smtpguard", "smtpguard-noreuse"):
        r = by.get((cell, config))
        if r:
            md.append("| %s | %s | %.0f | %.2f | %.2f | %.2f | %.2f | %s | %s | %.3f | %d |" % (
                label(cell), config, r["msgs_per_s"], r["p50_ms"], r["p90_ms"], r["p99_ms"], r["max_ms"],
                ms(r, "server_cpu_ms_per_msg"), ms(r, "server_jit_cpu_ms_per_msg"),
                r["bench_cpu_ms_per_msg"], r["failed"]))

if idle:
    md += ["", "## Idle sessions (fresh processes; each session waits after the 220, its upstream leg verified)", "",
           "| proxy | sessions | RSS before MB | RSS with sessions MB | KB per session (target <= 30) | threads before | threads with |",
           "|---|---|---|---|---|---|---|"]
    for r in idle:
        md.append("| %s | %d of %d | %.1f | %.1f | %s | %d | %d |" % (
            r["label"], r["established"], r["requested"], r["rss_kb_before"] / 1024, r["rss_kb_with"] / 1024,
            r["rss_kb_per_session"], r["threads_before"], r["threads_with"]))
# the 50 MB paths, looked up once for results.md and the README's version
ceiling, guard, direct, stunnel_big = (next((r for r in big if r["label"] == name), None)
                                       for name in ("ceiling", "smtpguard", "direct", "stunnel"))


def big_cpu(r, key):
    value = r.get(key, -1)
    return "n/a" if value is None or value < 0 else "%.1f" % value


if big:
    md += ["", "## 50 MB messages (%s in a row on one connection per path, each path settled first)" % big[0].get("messages", 1), "",
           "| path | MB/s | seconds | server CPU ms/msg | of which JIT | heap used before MB | heap used peak MB | proxy max heap |",
           "|---|---|---|---|---|---|---|---|"]
    for r in big:
        md.append("| %s | %.1f | %.2f | %s | %s | %s | %s | %s |" % (
            r["label"], r["mb_per_s"], r["seconds"], big_cpu(r, "server_cpu_ms_per_msg"),
            big_cpu(r, "server_jit_cpu_ms_per_msg"), r.get("heap_before_mb", "n/a"), r.get("heap_peak_mb", "n/a"),
            r.get("xmx", "n/a")))
    if ceiling and guard and ceiling["mb_per_s"]:
        md += ["", "smtpguard / plaintext sink throughput: **%s** (target >= 0.8)" % near(
            guard["mb_per_s"] / ceiling["mb_per_s"], 0.8)]
    if stunnel_big and ceiling and guard and ceiling["mb_per_s"] and stunnel_big["mb_per_s"]:
        md += ["", "stunnel / plaintext sink: **%.2f** (what another relay reaches in the same place); "
               "smtpguard / stunnel: **%.2f**" % (stunnel_big["mb_per_s"] / ceiling["mb_per_s"],
                                                guard["mb_per_s"] / stunnel_big["mb_per_s"])]
    if direct and guard and direct["mb_per_s"]:
        md += ["", "smtpguard / the load generator doing STARTTLS itself (\"direct\", Java's TLS in the "
               "generator): **%.2f**" % (guard["mb_per_s"] / direct["mb_per_s"])]

md += ["", "## Summary", ""]
for cell, g, s, ratio, cpu_ratio, p99_ok in compared:
    failed = g["failed"] + s["failed"]
    md.append("- %s: throughput x%s %s, CPU x%s %s, p99 %s%s" % (
        label(cell), near(ratio, 1.25), "(met)" if ratio >= 1.25 else "(NOT met)",
        "n/a" if cpu_ratio is None else near(cpu_ratio, 0.5),
        "" if cpu_ratio is None else ("(met)" if cpu_ratio <= 0.5 else "(NOT met)"),
        "no worse (met)" if p99_ok else "worse (NOT met)", ", %d failed messages" % failed if failed else ""))
md.append("")

# the short version for the README (run-matrix.sh puts it between the bench-summary markers)
short = ["Latest run (%s): throughput smtpguard / stunnel per cell, target >= 1.25; CPU per message "
         "smtpguard / stunnel, target <= 0.5; p99 no worse than stunnel's. Details and every configuration: "
         "[docs/benchmarks/results.md](docs/benchmarks/results.md)." % (open(env).readline().split("  ")[0].replace("date: ", "") if os.path.exists(env) else "-"), "",
         "| cell | msg/s smtpguard / stunnel | throughput | CPU | p99 ms smtpguard / stunnel |", "|---|---|---|---|---|"]
for cell, g, s2, ratio, cpu_ratio, p99_ok in compared:
    short.append("| %s | %.0f / %.0f | x%s%s | %s | %.1f / %.1f%s |" % (
        label(cell), g["msgs_per_s"], s2["msgs_per_s"], near(ratio, 1.25), "" if ratio >= 1.25 else " (not met)",
        "n/a" if cpu_ratio is None else "x%s%s" % (near(cpu_ratio, 0.5), "" if cpu_ratio <= 0.5 else " (not met)"),
        g["p99_ms"], s2["p99_ms"], "" if p99_ok else " (not met)"))
for r in idle:
    short.append("")
    short.append("Idle sessions, %s: %d sessions, %s KB RSS per session, threads %d -> %d." % (
        r["label"], r["established"], r["rss_kb_per_session"], r["threads_before"], r["threads_with"]))
if ceiling and guard and ceiling["mb_per_s"]:
    short += ["", "50 MB message: %.0f MB/s through smtpguard (heap %s MB -> peak %s MB, -Xmx%s), %.0f MB/s "
              "straight into the plaintext sink: x%s (target >= 0.8)." % (
                  guard["mb_per_s"], guard.get("heap_before_mb"), guard.get("heap_peak_mb"), guard.get("xmx"),
                  ceiling["mb_per_s"], near(guard["mb_per_s"] / ceiling["mb_per_s"], 0.8))]
    if stunnel_big and stunnel_big["mb_per_s"]:
        short[-1] += " stunnel in the same place: %.0f MB/s, x%.2f the plaintext sink." % (
            stunnel_big["mb_per_s"], stunnel_big["mb_per_s"] / ceiling["mb_per_s"])
with open(os.path.join(out, "summary.md"), "w") as f:
    f.write("\n".join(short) + "\n")

with open(os.path.join(out, "results.md"), "w") as f:
    f.write("\n".join(md))
with open(os.path.join(out, "plot.dat"), "w") as f:
    f.write("# cell direct_msgs stunnel_msgs smtpguard_msgs direct_p99 stunnel_p99 smtpguard_p99\n")
    for cell in cells:
        f.write('"%s" %s %s %s %s %s %s\n' % (label(cell).replace(" per conn", "").replace(" conn", "c").replace(" / ", "/"),
                                              *(val(cell, c, "msgs_per_s") for c in ("direct", "stunnel", "smtpguard")),
                                              *(val(cell, c, "p99_ms", "%.2f") for c in ("direct", "stunnel", "smtpguard"))))
for name in ("runs.jsonl", "idle.jsonl", "big.jsonl"):
    if os.path.exists(os.path.join(src, name)):
        shutil.copy(os.path.join(src, name), os.path.join(out, name))
print("\n".join(md))
