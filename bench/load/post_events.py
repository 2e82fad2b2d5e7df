#!/usr/bin/env python3
"""Posts rating events at a fixed rate (default 1,000 events/s) to POST /events and counts acknowledgements.

Every event carries an idempotency key "<prefix>-<n>", so afterwards the log can be checked for exactly the
acknowledged keys: none lost, none duplicated. Prints one JSON line with what was sent and acknowledged.
"""
import argparse, http.client, json, random, sys, threading, time
from urllib.parse import urlparse

p = argparse.ArgumentParser()
p.add_argument("--url", required=True)
p.add_argument("--key", required=True)
p.add_argument("--users", required=True)
p.add_argument("--items", required=True)
p.add_argument("--rate", type=int, default=1000, help="events per second")
p.add_argument("--batch", type=int, default=20, help="events per request")
p.add_argument("--seconds", type=float, default=30)
p.add_argument("--prefix", default="bench")
p.add_argument("--threads", type=int, default=4)
a = p.parse_args()

users = [l.strip() for l in open(a.users) if l.strip()]
items = [l.strip() for l in open(a.items) if l.strip()]
target = urlparse(a.url)
requests_per_second = a.rate / a.batch
total_requests = int(requests_per_second * a.seconds)
lock = threading.Lock()
state = {"next": 0, "acked": 0, "failed": 0, "requests": 0, "latencies": []}
start = time.monotonic()

def worker(seed):
    rng = random.Random(seed)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    while True:
        with lock:
            n = state["next"]
            if n >= total_requests:
                break
            state["next"] += 1
        due = start + n / requests_per_second          # fixed schedule: no coordinated omission in the send rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        events = [{"userId": rng.choice(users), "itemId": rng.choice(items), "type": "rating",
                   "value": rng.choice([1, 2, 3, 4, 5]), "idempotencyKey": f"{a.prefix}-{n * a.batch + i}"}
                  for i in range(a.batch)]
        body = json.dumps({"events": events})
        t0 = time.monotonic()
        try:
            conn.request("POST", "/events", body, {"Content-Type": "application/json", "X-Api-Key": a.key})
            r = conn.getresponse()
            payload = r.read()
            ok = r.status == 200
            accepted = json.loads(payload)["accepted"] if ok else 0
        except Exception:
            conn.close()
            conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            ok, accepted = False, 0
        with lock:
            state["requests"] += 1
            state["latencies"].append(time.monotonic() - t0)
            if ok:
                state["acked"] += accepted
            else:
                state["failed"] += a.batch

threads = [threading.Thread(target=worker, args=(i,)) for i in range(a.threads)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.monotonic() - start
lat = sorted(state["latencies"])
pct = lambda q: round(1000 * lat[min(len(lat) - 1, int(q * len(lat)))], 2) if lat else None
print(json.dumps({"sent": total_requests * a.batch, "acknowledged": state["acked"], "failed": state["failed"],
                  "seconds": round(elapsed, 2), "events_per_second": round(state["acked"] / elapsed, 1),
                  "post_p50_ms": pct(0.5), "post_p99_ms": pct(0.99)}))
