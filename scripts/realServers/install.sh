#!/usr/bin/env bash
# Installs the npm-based real servers for test/real-servers into an isolated
# folder (not the project's node_modules), from the pinned package.json and
# package-lock.json beside this script, cached across runs:
#   pouchdb-server 4.2.0 (CouchDB API, in-memory adapter: no native build)
#   azurite 3.35.0 (the last Azure Storage emulator that runs on Node 20)
# Apache httpd comes from Debian: apt-get install -y apache2.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${REAL_SERVERS_DIR:-$root/.cache/real-servers}"
stamp="$dir/.installed-$(sha256sum "$here/package-lock.json" | cut -c1-16)"
if [ -f "$stamp" ]; then
  echo "real servers already installed in $dir"
  exit 0
fi
mkdir -p "$dir"
cp "$here/package.json" "$here/package-lock.json" "$dir/"
start=$(date +%s)
# No install scripts: pouchdb-server runs on its in-memory adapter, so the
# native leveldown/sqlite3 builds it would attempt are not needed.
npm ci --prefix "$dir" --no-audit --no-fund --ignore-scripts --loglevel=error
touch "$stamp"
echo "installed pouchdb-server and azurite in $dir in $(( $(date +%s) - start )) s"
