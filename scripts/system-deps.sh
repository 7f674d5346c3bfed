#!/usr/bin/env bash
# Installs the Debian packages exdose needs, only when they are missing: the libraries WeasyPrint
# needs for PDF output, and Chromium for the web demo's screenshots and the end-to-end tests
# (Playwright drives Debian's browser; it never downloads one).
set -euo pipefail
need=()
ldconfig -p | grep -q 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
ldconfig -p | grep -q 'libharfbuzz.so.0' || need+=(libharfbuzz0b)
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list >/dev/null 2>&1 && [ -n "$(fc-list 2>/dev/null | head -1)" ] || need+=(fonts-dejavu-core fontconfig)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
