#!/usr/bin/env bash
# Prints what docker-compose.yml needs beyond HOTSTACK_AUTH_SECRET, for a `.env` file: a new
# signing key for the ledger and one for its witness, each with the verifier key the other
# side pins. Keep the file secret; the verifier keys may be published.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=.venv/bin/python
seed() { "$PYTHON" -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())'; }
ledger_seed="$(seed)"
witness_seed="$(seed)"
# With the seed given, neither command reads or writes a key of its own.
ledger_verifier="$(LEDGER_SIGNING_KEY="$ledger_seed" "$PYTHON" -m hotstack_ledger.cli key)"
witness_verifier="$(WITNESS_KEY="$witness_seed" "$PYTHON" -m hotstack_witness key)"
echo "HOTSTACK_AUTH_SECRET=$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(48))')"
echo "LEDGER_SIGNING_KEY=$ledger_seed"
echo "LEDGER_VERIFIER_KEY=$ledger_verifier"
echo "WITNESS_KEY=$witness_seed"
echo "WITNESS_VERIFIER_KEY=$witness_verifier"
