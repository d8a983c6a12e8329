#!/usr/bin/env python3
"""idle.py PORT COUNT PID [LABEL] - memory and threads of a proxy holding COUNT idle SMTP sessions.

Opens COUNT plaintext connections to 127.0.0.1:PORT, 200 at a time, and waits for the 220 greeting
on each (smtpguard greets only once its upstream leg is verified TLS; stunnel once it has connected
and relayed the upstream's greeting). Then samples VmRSS and Threads of PID (and its children),
closes everything and prints one JSON line. Bounded: at most 20000 connections, 300 s in all.
"""
import asyncio
import json
import os
import sys
import time


def tree(pid):
    out = [pid]
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                out += [c for p in f.read().split() for c in tree(int(p))]
    except OSError:
        pass
    return out


def mem(pid):
    rss = threads = 0
    for p in tree(pid):
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Threads:"):
                        threads += int(line.split()[1])
        except OSError:
            pass
    return rss, threads


async def main(port, count, pid, label):
    rss0, threads0 = mem(pid)
    conns, errors = [], {}
    started = time.monotonic()

    async def one():
        try:
            r, w = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
            line = await asyncio.wait_for(r.readline(), 60)
            if line.startswith(b"220"):
                conns.append(w)
                return
            errors["no_220"] = errors.get("no_220", 0) + 1
            w.close()
        except Exception as e:  # noqa: BLE001 - counted by kind
            errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1

    left = count
    while left > 0 and time.monotonic() - started < 240:
        n = min(200, left)
        await asyncio.gather(*(one() for _ in range(n)))
        left -= n
    opened = time.monotonic() - started
    await asyncio.sleep(2)
    rss1, threads1 = mem(pid)
    for w in conns:
        w.close()
    n = len(conns)
    print(json.dumps({"label": label, "requested": count, "established": n, "open_seconds": round(opened, 1),
                      "errors": errors, "rss_kb_before": rss0, "rss_kb_with": rss1,
                      "rss_kb_per_session": round((rss1 - rss0) / n, 1) if n else None,
                      "threads_before": threads0, "threads_with": threads1}))


if __name__ == "__main__":
    port, count, pid = int(sys.argv[1]), min(int(sys.argv[2]), 20000), int(sys.argv[3])
    asyncio.run(asyncio.wait_for(main(port, count, pid, sys.argv[4] if len(sys.argv) > 4 else str(pid)), 300))
