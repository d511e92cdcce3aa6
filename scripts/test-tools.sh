#!/usr/bin/env bash
# Installs what the browser tests need beyond the Python environment: axe-core and Lighthouse
# from the npm registry (pinned by tests/sites/tools/package-lock.json) and Debian's chromium (driven by
# Playwright) when they are missing. Chromium needs apt-get and root (or passwordless sudo);
# without what they need it says so, and the browser tests skip (outside CI) or fail (in CI).
set -euo pipefail

TOOLS="$(cd "$(dirname "$0")/.." && pwd)/tests/sites/tools"
if [[ ! -f "$TOOLS/node_modules/axe-core/axe.min.js" || ! -d "$TOOLS/node_modules/lighthouse" ]]; then
  if command -v npm >/dev/null 2>&1; then
    echo "test-tools: installing axe-core and Lighthouse from the npm registry" >&2
    npm ci --prefix "$TOOLS" --no-audit --no-fund --silent >&2
  else
    echo "test-tools: no npm here; the accessibility and Lighthouse checks need it" >&2
  fi
fi

if command -v chromium >/dev/null 2>&1 || [[ -n "${HOTSTACK_CHROMIUM:-}" ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "test-tools: no apt-get here; install Chromium and set HOTSTACK_CHROMIUM" >&2
  exit 0
fi
if [[ "$(id -u)" -eq 0 ]]; then
  SUDO=()
elif sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "test-tools: run 'sudo apt-get install chromium' for the browser tests" >&2
  exit 0
fi
echo "test-tools: installing Debian's chromium for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || {
  "${SUDO[@]}" apt-get update -qq >/dev/null 2>&1
  "${SUDO[@]}" apt-get install -y --no-install-recommends chromium >/dev/null
}
