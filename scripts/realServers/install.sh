#!/usr/bin/env bash
# Installs the npm-based real servers for test/real-servers into an isolated
# folder (not the project's node_modules), pinned and cached across runs:
#   pouchdb-server 4.2.0 (CouchDB API, in-memory adapter: no native build)
#   azurite 3.35.0 (the last Azure Storage emulator that runs on Node 20)
# Apache httpd comes from Debian: apt-get install -y apache2.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${REAL_SERVERS_DIR:-$root/.cache/real-servers}"
pins=(pouchdb-server@4.2.0 azurite@3.35.0)
stamp="$dir/.installed-$(IFS=+; echo "${pins[*]}")"
if [ -f "$stamp" ]; then
  echo "real servers already installed in $dir"
  exit 0
fi
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{ "name": "conflict-kit-real-servers", "private": true }' > "$dir/package.json"
start=$(date +%s)
npm install --prefix "$dir" --no-audit --no-fund --no-package-lock --loglevel=error "${pins[@]}"
touch "$stamp"
echo "installed ${pins[*]} in $dir in $(( $(date +%s) - start )) s"
