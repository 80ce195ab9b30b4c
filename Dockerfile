# The portal's image: dependencies are built in one stage, the app runs as an unprivileged user in another.
#   docker build -t wanli-portal .        (docker-compose.yml does this for you)

FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=wanli.settings.production \
    MEDIA_ROOT=/app/media \
    STATIC_ROOT=/app/staticfiles \
    GUNICORN_BIND=0.0.0.0:8000
# postgresql-client: pg_dump/pg_restore for `scripts/backup.py` run inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 wanli \
    && useradd --system --uid 10001 --gid wanli --home-dir /app --shell /usr/sbin/nologin wanli
COPY --from=build /wheels /wheels
RUN pip install --no-index /wheels/* && rm -rf /wheels
WORKDIR /app
COPY --chown=wanli:wanli . .
RUN mkdir -p /app/media /app/staticfiles && chown wanli:wanli /app/media /app/staticfiles
USER wanli:wanli
EXPOSE 8000
# migrate and collectstatic on start (collectstatic writes the hashed, gzip and Brotli copies), then serve.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py collectstatic --noinput -v0 && exec gunicorn -c gunicorn.conf.py wanli.wsgi:application"]
