# syntax=docker/dockerfile:1
# asn-influencer-bot as a container image: `docker build -t asn-influencer-bot .`
# Two stages: the first builds wheels (the bot's and its dependencies'), the second installs
# only those, so no compiler, no dev dependency (pytest, ruff, mypy) and no source tree ships.
# See README, "Deploying".

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
# Only what the wheel is built from (.dockerignore keeps the rest out of the context).
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index --find-links=/wheels asn-influencer-bot \
    && groupadd --system --gid 10001 asnbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/asn-bot --create-home asnbot
# The bot's state when it runs on SQLite (DATABASE_PATH), and HOME for libraries' caches.
WORKDIR /var/lib/asn-bot
VOLUME /var/lib/asn-bot
ENV HOME=/var/lib/asn-bot \
    DATABASE_PATH=/var/lib/asn-bot/asn-bot.sqlite3 \
    WEB_HOST=0.0.0.0 \
    WEB_PORT=8080 \
    LOG_FORMAT=json \
    HEALTHCHECK_URL=http://127.0.0.1:8080/healthz
EXPOSE 8080
# Never root: a numeric id, so Kubernetes' runAsNonRoot can check it without /etc/passwd.
USER 10001
# /healthz answers while the process lives. The slim image has no curl: python's urllib, which
# raises (exit 1) on a refused connection, a timeout or a non-2xx answer. A worker, which may
# serve no web app, points HEALTHCHECK_URL at its METRICS_PORT (see compose.yaml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['HEALTHCHECK_URL'], timeout=4)"]
# SIGTERM stops the bot cleanly (it finishes the sends on their way); compose and systemd give
# it 90 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["asn-bot"]
CMD ["run"]
