#!/usr/bin/env bash
# Checks that every C++ source file matches .clang-format. Run from the repository root
# (CTest test `source.format` does). Lists the files that drift and exits 1; fix with `make format`.
set -euo pipefail

if ! command -v clang-format >/dev/null 2>&1; then
  echo "format: clang-format not found; run scripts/install-deps.sh" >&2
  exit 1
fi

files=()
if command -v git >/dev/null 2>&1 && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  while IFS= read -r -d '' f; do
    [[ -f $f ]] && files+=("$f")
  done < <(git ls-files -z --cached --others --exclude-standard -- '*.cpp' '*.hpp')
else
  while IFS= read -r -d '' f; do
    files+=("$f")
  done < <(find src tests bench -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 2>/dev/null)
fi

drift=()
for f in "${files[@]}"; do
  if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
    drift+=("$f")
  fi
done

if ((${#drift[@]} > 0)); then
  echo "format: ${#files[@]} files checked, ${#drift[@]} with drift (fix with: make format):"
  printf '  %s\n' "${drift[@]}"
  exit 1
fi
echo "format: ${#files[@]} files checked, 0 with drift"
