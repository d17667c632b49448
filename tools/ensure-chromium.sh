#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it through `executable_path`; Playwright's own browser
# download is not used). Installs it with apt when it is missing and we are root; otherwise says what to run.
#
#   tools/ensure-chromium.sh     exit 0 when chromium is on PATH afterwards, 1 otherwise
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
    echo "ensure-chromium: chromium is missing and this is not root; browser tests will skip" \
        "(run: sudo apt-get install -y --no-install-recommends chromium)" >&2
    exit 1
fi
# One installer at a time: a parallel `make` or several pytest sessions may all ask at once.
exec 9>/tmp/tiepdan-ensure-chromium.lock
flock 9
command -v chromium >/dev/null 2>&1 && exit 0
echo "ensure-chromium: installing Debian's chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends chromium >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends chromium >/dev/null; }
command -v chromium >/dev/null 2>&1
