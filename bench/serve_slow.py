"""bench/serve_slow.py PORT SECONDS CLIENTS: slow clients and a /health probe, for bench/serve_slow.

Keeps CLIENTS connections sending a POST /predict body one byte a second (a client the server
cuts off is replaced at once, so CLIENTS are always trickling), and meanwhile asks GET /health
every 20 ms on a fresh connection, as a load balancer's probe does. Prints the probe's latency
percentiles and how many probes failed or took over 1 s.
"""
import socket
import sys
import threading
import time

port, seconds, clients = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
HEAD = ("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000\r\n\r\n").encode()
stop = time.monotonic() + seconds
cut_off = 0


def slow_client():
    global cut_off
    sock = None
    while time.monotonic() < stop:
        try:
            if sock is None:
                sock = socket.create_connection(("127.0.0.1", port), timeout=5)
                sock.sendall(HEAD)
            sock.sendall(b" ")
            time.sleep(1)
        except OSError:
            cut_off += 1
            sock = None
    if sock is not None:
        sock.close()


threads = [threading.Thread(target=slow_client, daemon=True) for _ in range(clients)]
for t in threads:
    t.start()
time.sleep(2)  # let every slow client be in flight before the first probe

latencies, failures = [], 0
while time.monotonic() < stop:
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            answer = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        if not answer.startswith(b"HTTP/1.1 200"):
            failures += 1
        else:
            latencies.append((time.monotonic() - start) * 1000)
    except OSError:
        failures += 1
    time.sleep(0.02)

latencies.sort()


def pct(p):
    return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")


print(f"health_probes {len(latencies)} ok, {failures} failed; slow clients cut off by the server {cut_off}")
print(f"health_p50_ms {pct(50):.2f}")
print(f"health_p99_ms {pct(99):.2f}")
print(f"health_max_ms {latencies[-1] if latencies else float('nan'):.2f}")
