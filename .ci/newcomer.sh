#!/usr/bin/env bash
# The README's two site commands, as a newcomer runs them in this checkout:
#   ./dev build  must exit 0 and leave site/index.html;
#   ./dev serve  must answer GET / with 200 (the home page) within 120 s; it is then stopped by its pid.
# A failure prints the first warning or error line of the command's output.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
first_problem() { grep -m1 -E '^(WARNING|ERROR|CRITICAL)|Aborted|Error' "$1" || tail -n 5 "$1"; }

if ./dev build >"$log" 2>&1 && [ -f site/index.html ]; then
  echo "newcomer: ./dev build passed (site/index.html present)"
else
  echo "newcomer: ./dev build FAILED: $(first_problem "$log")"; exit 1
fi

port=8000
./dev serve >"$log" 2>&1 &
pid=$!
ok=""
for _ in $(seq 1 120); do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  code=$(python3 -c "import urllib.request as u
try: r=u.urlopen('http://127.0.0.1:$port/', timeout=2); print(r.status if '维权手册' in r.read().decode('utf-8','replace') else 'no-home')
except Exception as e: print(getattr(e, 'code', 0))" 2>/dev/null)
  if [ "$code" = 200 ]; then ok=1; break; fi
  sleep 1
done
pkill -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
if [ -n "$ok" ]; then
  echo "newcomer: ./dev serve answered GET / with 200 and the home page"
else
  echo "newcomer: ./dev serve FAILED (no 200 from / within 120 s): $(first_problem "$log")"; exit 1
fi
rm -f "$log"
