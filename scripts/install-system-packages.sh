#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (PostgreSQL server), once.
# Needs root or sudo; does nothing when everything is already there.
set -euo pipefail

packages=("$@")
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Fehlende Debian-Pakete: ${missing[*]} – bitte als root installieren (apt-get install ${missing[*]})." >&2
  exit 1
fi
echo "Installiere Debian-Pakete: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
