# syntax=docker/dockerfile:1
# Tiếp Dân image of one service. Build from the repository root, once per service:
#   docker build --build-arg SERVICE=<intake|roster|alerts|reports|console> -t <registry>/tiepdan/<service>:<tag> .
# Web (default):  gunicorn on :8000          Worker:      args ["tiepdan", "worker", "<service>"]
# Migrations:     args ["tiepdan", "db", "upgrade", "<service>"]
#
# An air-gapped site mirrors the base image and the Python packages:
#   --build-arg PYTHON_IMAGE=registry.local/library/python:3.11-slim-bookworm
#   --build-arg PIP_INDEX_URL=https://pypi.registry.local/simple
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
# checkov:skip=CKV_DOCKER_7:the base is ARG PYTHON_IMAGE, defaulting to the versioned python:3.11-slim-bookworm

# ---- build: resolve nothing, only install the pinned, hash-checked wheels into a venv ----
FROM ${PYTHON_IMAGE} AS build
ARG PIP_INDEX_URL
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# The lock first: this layer is reused until the pins change.
COPY requirements/lock.txt requirements/lock.txt
# Wheels only (every pin has a manylinux wheel): no compiler is needed, none is installed.
RUN pip install --require-hashes --only-binary=:all: -r requirements/lock.txt
# SERVICE is declared after the lock's layer so that the five images share it.
ARG SERVICE
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=<intake|roster|alerts|reports|console>" >&2; exit 1; }
COPY kit/ kit/
COPY services/${SERVICE}/ services/${SERVICE}/
# Our own packages without dependencies: everything they need is already pinned above.
# --no-build-isolation uses the pinned setuptools from the lock instead of fetching one.
RUN pip install --no-deps --no-build-isolation ./kit "./services/${SERVICE}"

# ---- runtime: the venv and nothing else ----
FROM ${PYTHON_IMAGE} AS runtime
# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it without /etc/passwd.
RUN groupadd --system --gid 10001 tiepdan \
    && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin tiepdan \
    && install -d -o 10001 -g 10001 /tmp/metrics /tmp/matplotlib /tmp/tiepdan
ARG SERVICE
LABEL org.opencontainers.image.title="tiepdan-${SERVICE}" \
      org.opencontainers.image.description="Tiếp Dân ${SERVICE} service (web and worker)"
COPY --from=build /opt/venv /opt/venv
# Everything the processes write goes under /tmp, which the chart mounts as an emptyDir so the root
# filesystem can be read-only: prometheus multiprocess files, matplotlib's font cache, gunicorn heartbeats.
# TIEPDAN_SERVICE tells gunicorn which app to serve (tiepdan.kit.gunicorn_conf), so CMD needs no shell.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PROMETHEUS_MULTIPROC_DIR=/tmp/metrics \
    MPLCONFIGDIR=/tmp/matplotlib \
    HOME=/tmp \
    TIEPDAN_DATA_DIR=/tmp/tiepdan \
    TIEPDAN_SERVICE=${SERVICE} \
    PORT=8000 \
    TIEPDAN_WORKER_METRICS_PORT=9100
WORKDIR /tmp
USER 10001:10001
EXPOSE 8000 9100
# Kubernetes probes /healthz and /readyz; an image-level HEALTHCHECK would be ignored there.
# checkov:skip=CKV_DOCKER_2:health is checked by Kubernetes liveness/readiness probes, not HEALTHCHECK
CMD ["gunicorn", "-c", "python:tiepdan.kit.gunicorn_conf"]
