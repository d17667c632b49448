#!/usr/bin/env bash
# What the tests need from the machine beyond the Python environment, made ready by `make test`, `make e2e`,
# `make chart-check`, `make test-unit` and `make up`:
#   servers  PostgreSQL (127.0.0.1:5432) and RabbitMQ (127.0.0.1:5672) started when installed but down;
#   tools    the Debian packages below installed when their command is missing and we run as root.
# What cannot be made ready is said in a loud banner and the tests that need it skip; with CI=true it is an
# error instead, so CI never passes by skipping.
#
#   tools/ensure-system.sh            servers and tools
#   tools/ensure-system.sh servers    servers only
#   tools/ensure-system.sh tools      tools only
set -euo pipefail
cd "$(dirname "$0")/.."

# The system tools the tests run, one "command debian-package" pair per line; add a line for a new one.
SYSTEM_TOOLS=(
    "promtool prometheus"  # Prometheus rule checks and unit tests (tests/chart), metrics exposition (kit/tests)
    "chromium chromium"    # browser tests: Playwright drives Debian's Chromium (kit/src/tiepdan/kit/browser.py)
)

PG_PORT=5432
AMQP_PORT=5672
missing=()

log() { printf '[ensure-system] %s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
    local port=$1
    for _ in $(seq 1 90); do
        port_open "$port" && return 0
        sleep 1
    done
    return 1
}

start_postgresql() {
    port_open $PG_PORT && return 0
    local cluster
    cluster=$(pg_lsclusters -h 2>/dev/null | awk -v port=$PG_PORT '$3 == port { print $1 " " $2; exit }')
    if [[ -z $cluster ]]; then
        missing+=("PostgreSQL: not running on 127.0.0.1:$PG_PORT and no local cluster on that port to start")
        return 0
    fi
    log "starting PostgreSQL cluster $cluster"
    # shellcheck disable=SC2086  # "version name" are two arguments
    if ! pg_ctlcluster --skip-systemctl-redirect $cluster start; then
        missing+=("PostgreSQL: cluster $cluster did not start (root or the postgres user can start it)")
        return 0
    fi
    wait_for_port $PG_PORT || missing+=("PostgreSQL: started but not listening on 127.0.0.1:$PG_PORT")
}

start_rabbitmq() {
    port_open $AMQP_PORT && return 0
    if ! command -v rabbitmq-server >/dev/null; then
        missing+=("RabbitMQ: not running on 127.0.0.1:$AMQP_PORT and not installed")
        return 0
    fi
    log "starting RabbitMQ"
    if ! rabbitmq-server -detached; then
        missing+=("RabbitMQ: rabbitmq-server -detached failed")
        return 0
    fi
    wait_for_port $AMQP_PORT || missing+=("RabbitMQ: started but not listening on 127.0.0.1:$AMQP_PORT")
}

install_tools() {
    local wanted=() entry command package
    for entry in "${SYSTEM_TOOLS[@]}"; do
        read -r command package <<<"$entry"
        command -v "$command" >/dev/null || wanted+=("$package")
    done
    [[ ${#wanted[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        missing+=("Debian packages ${wanted[*]}: installing them needs root and apt-get (apt-get install ${wanted[*]})")
        return 0
    fi
    log "installing ${wanted[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    # Only the packages' tools are wanted, never their servers (prometheus): policy-rc.d keeps them from starting.
    local created_policy=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
    fi
    local apt=(apt-get -o DPkg::Lock::Timeout=600 -qq)
    if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${wanted[@]}" >/dev/null; }; then
        missing+=("Debian packages ${wanted[*]}: apt-get install failed")
    fi
    [[ -n $created_policy ]] && rm -f /usr/sbin/policy-rc.d
    for entry in "${SYSTEM_TOOLS[@]}"; do
        read -r command package <<<"$entry"
        command -v "$command" >/dev/null || missing+=("$command: still missing after installing $package")
    done
    return 0
}

what=${1:-all}
case $what in
    all) start_postgresql; start_rabbitmq; install_tools ;;
    servers) start_postgresql; start_rabbitmq ;;
    tools) install_tools ;;
    *) echo "usage: $0 [servers|tools]" >&2; exit 2 ;;
esac

if [[ ${#missing[@]} -gt 0 ]]; then
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    for line in "${missing[@]}"; do printf '!!! %s\n' "$line" >&2; done
    if [[ ${CI:-} == true ]]; then
        printf '!!! CI=true: the tests that need it would fail, so they do not start\n\n' >&2
        exit 1
    fi
    printf '!!! the tests that need it will be SKIPPED\n' >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
fi
