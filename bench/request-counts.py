#!/usr/bin/env python3
"""Reads a running sandbox's request log through its admin API and prints JSON counts of what one run asked:
how often each key (its version, its version list, its rotation policy) and each vault was read, Resource
Graph queries and the 429s among them, and every request. Usage: request-counts.py STATE_DIR [clear]
(clear: empties the log first, so that the next run's requests are the only ones counted);
request-counts.py --line COUNTS (the counts as a table cell), --once COUNTS ("yes" when no key and no vault was
read twice, else "NO"). The admin key
comes from the sandbox's own state.json in STATE_DIR (a key it made for this run, for this loopback API)."""
import collections
import datetime
import http.client
import json
import re
import socket
import ssl
import sys

ADMIN = "admin.sandbox.test"
MAX_ENTRIES = 100_000  # the sandbox keeps the last 100,000 requests (RequestLog.MAX_ENTRIES)


class Loopback(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1:PORT, with the admin host's name for SNI and the certificate check."""

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=ADMIN)


def call(state, method, path):
    ctx = ssl.create_default_context(cafile=f"{state}/ca.pem")
    key = json.load(open(f"{state}/state.json"))["credentials"]["adminKey"]
    port = json.load(open(f"{state}/cloud.json"))["routes"][0]["address"].rsplit(":", 1)[1]
    c = Loopback(ADMIN, int(port), context=ctx, timeout=120)
    c.request(method, path, headers={"X-Sandbox-Admin-Key": key, "Host": ADMIN})
    r = c.getresponse()
    body = r.read()
    if r.status >= 300:
        sys.exit(f"request-counts.py: {method} {path}: {r.status} {body[:300]!r}")
    return json.loads(body) if body else None


def line(c):
    v = c["vault_reads"]
    return (f"{c['requests']} requests{'' if c['complete'] else ' (log full: counts low)'}; keys: "
            f"{c['key_reads_total']} reads of {c['key_reads_distinct']} (at most {c['key_reads_max']} each); vaults: "
            f"{sum(v.values())} reads of {len(v)}, {c['vault_lookups']} lookups by name; Resource Graph: "
            f"{c['graph_queries']} queries, {c['graph_429']} answered 429")


def once(c):
    vault = max(c["vault_reads"].values(), default=0) + c["vault_lookups"]
    return "yes" if c["complete"] and c["key_reads_max"] <= 1 and vault <= 1 else "NO"


def main():
    if sys.argv[1] in ("--line", "--once"):
        c = json.loads(sys.argv[2])
        print(line(c) if sys.argv[1] == "--line" else once(c))
        return
    state = sys.argv[1]
    if sys.argv[2:] == ["clear"]:
        call(state, "DELETE", "/requests")
        return
    requests = call(state, "GET", "/requests")["requests"]
    key_reads = collections.Counter()
    vault_reads = collections.Counter()
    graph = graph_429 = vault_lookups = 0
    graph_answered = []
    for r in requests:
        host, path, method = r["host"].lower(), r["path"].lower().rstrip("/"), r["method"]
        kv = re.match(r"([^.]+)\.(vault|managedhsm)\.", host)
        if kv and method == "GET":
            m = re.match(r"/keys/([^/]+)(?:/([^/]+))?", path)
            if m:  # /keys/NAME, /keys/NAME/VERSION, /keys/NAME/versions, /keys/NAME/rotationpolicy
                key_reads[f"{kv.group(1)}/{m.group(1)}/{m.group(2) or ''}"] += 1
        if method == "GET" and re.search(r"/providers/microsoft\.keyvault/(vaults|managedhsms)/[^/]+$", path):
            vault_reads[path.rsplit("/", 1)[1]] += 1
        if method == "GET" and path.endswith("/resources") and "microsoft.keyvault" in (r.get("query") or "").lower():
            vault_lookups += 1  # a vault found by name in a subscription (VaultReader), not a read of it
        if method == "POST" and path.endswith("/providers/microsoft.resourcegraph/resources"):
            graph += 1
            graph_429 += r["status"] == 429
            # when the sandbox answered (its clock runs with the wall clock unless a test advances it)
            graph_answered.append(datetime.datetime.fromisoformat(r["time"].replace("Z", "+00:00")).timestamp())
    print(json.dumps({
        "requests": len(requests),
        "complete": len(requests) < MAX_ENTRIES,
        "key_reads_max": max(key_reads.values(), default=0),
        "key_reads_distinct": len(key_reads),
        "key_reads_total": sum(key_reads.values()),
        "vault_reads": dict(vault_reads),
        "vault_lookups": vault_lookups,
        "graph_queries": graph,
        "graph_429": graph_429,
        "graph_answered": sorted(graph_answered),
    }))


if __name__ == "__main__":
    main()
