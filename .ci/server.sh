# Sourced by the scripts that start the example server (.ci/external-conformance,
# .ci/installed-server): a free loopback port, and a wait for the server's /healthz.
# Needs $python set to a Python 3 interpreter.

# A free loopback port: the kernel picks one, and the server takes it right after.
free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits for /healthz on PORT while the process PID lives, 30 s at most: wait_for_healthz PORT PID.
wait_for_healthz() {
    "$python" - "$1" "$2" <<'PY'
import sys, time, urllib.request
port, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            exited = stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        exited = True
    except OSError:
        exited = False
    if exited:
        sys.exit("the server exited")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.2)
sys.exit("no answer from /healthz within 30 s")
PY
}

# Stops the server whose pid is in $server_pid (SIGTERM, then SIGKILL after 5 s) and clears it.
stop_server() {
    if [ -n "${server_pid:-}" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        (sleep 5 && kill -KILL "$server_pid" 2>/dev/null) &
        local watchdog=$!
        # (Braced: bash itself complains of a process it has already reaped.)
        { wait "$server_pid"; } 2>/dev/null || true
        kill "$watchdog" 2>/dev/null || true
        { wait "$watchdog"; } 2>/dev/null || true
        server_pid=
    fi
}
