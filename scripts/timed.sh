#!/usr/bin/env bash
# Runs one step of `make run` and prints how long it took: timed.sh "what" command [args...]
set -euo pipefail
what=$1
shift
start=$(date +%s%N)
"$@"
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
printf '[run] %s: %d.%01d s\n' "$what" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
