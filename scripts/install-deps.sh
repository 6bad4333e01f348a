#!/usr/bin/env bash
# Installs what anxin needs to build, test and run on Debian 12: Debian packages through apt,
# then the Node tools from package.json through npm. Idempotent and fast when everything is
# already present (one dpkg-query call, no network).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git python3
  clang-format clang-tidy
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-client
  nlohmann-json3-dev libsodium-dev libssl-dev liboath-dev libqrencode-dev
  libtomlplusplus-dev libspdlog-dev libcli11-dev libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libxml2-dev libxml2-utils
  libxlsxwriter-dev libpango1.0-dev libcairo2-dev libmagic-dev
  wrk chromium fonts-noto-cjk poppler-utils openssl
)

# Node.js may come from a non-Debian install (e.g. NodeSource); keep it when it is new enough.
node_ok=0
if node_version=$(node --version 2>/dev/null) && command -v npm >/dev/null 2>&1; then
  node_major=${node_version#v}
  node_major=${node_major%%.*}
  if [[ $node_major =~ ^[0-9]+$ ]] && ((node_major >= 20)); then
    node_ok=1
  fi
fi
if ((node_ok == 0)); then
  packages+=(nodejs npm)
fi

# One dpkg-query call for all packages; names dpkg does not know are simply absent from its output.
declare -A installed=()
while IFS=' ' read -r name status; do
  [[ $status == *" ok installed" ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)

missing=()
for pkg in "${packages[@]}"; do
  [[ -n ${installed[$pkg]:-} ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  echo "[deps] apt: all ${#packages[@]} packages present"
else
  if [[ $(id -u) != 0 ]]; then
    echo "[deps] apt: missing packages: ${missing[*]}" >&2
    echo "[deps] run this script as root (or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "[deps] apt: installing ${#missing[@]} packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  trap 'rm -f "$log"' EXIT
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "[deps] apt: installation failed" >&2
    exit 1
  fi
  echo "[deps] apt: done"
fi

if [[ -f package.json ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "[deps] npm: npm not found" >&2
    exit 1
  fi
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "[deps] npm: installing from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  else
    echo "[deps] npm: up to date"
  fi
fi

# The web UI's packages (web/package-lock.json): Vite, Vue, Element Plus, the test tools. The
# browser tests drive Debian's chromium (in the apt list above); nothing downloads a browser.
if [[ -f web/package.json ]]; then
  if [[ ! -f web/node_modules/.package-lock.json || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    echo "[deps] npm (web): installing from web/package-lock.json"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "[deps] npm (web): up to date"
  fi
fi
