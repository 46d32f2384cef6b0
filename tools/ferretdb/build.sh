#!/usr/bin/env bash
# Builds the FerretDB test server (tools/ferretdb) once per source version and links it at
# tools/ferretdb/bin/ferretdb, where the MongoDB test suites and `npm run bench:store` look for it.
# The binary is cached outside the checkout, keyed by the hash of go.mod, go.sum and main.go, so
# the next run on the same machine (or another checkout) reuses it.
set -euo pipefail
cd "$(dirname "$0")"

key=$(cat go.mod go.sum main.go | sha256sum | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/leadq"
binary="$cache/ferretdb-v1.24.2-$key"

if [ ! -x "$binary" ]; then
  mkdir -p "$cache"
  # -trimpath: reproducible; GOFLAGS=-mod=mod: go.sum is the lock, nothing is vendored.
  GOFLAGS=-mod=mod go build -trimpath -o "$binary.tmp.$$" .
  mv "$binary.tmp.$$" "$binary"
fi
mkdir -p bin
ln -sfn "$binary" bin/ferretdb
echo "$binary"
