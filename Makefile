# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint messages seed demo bench bench-http vendor-leaflet vendor-jsqr backup restore clean browser-tools audit audit-elderly

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_wanli
	@echo ""
	@echo "  万里社区服务门户 is at http://127.0.0.1:8000/  (English: http://127.0.0.1:8000/en/)"
	@echo "  Admin login: in another terminal run  $(PY) manage.py createsuperuser"
	@echo "  then sign in at http://127.0.0.1:8000/admin/"
	@echo "  Background jobs: a worker runs beside the site; its log (and the SMS and mails it would send) shows"
	@echo "  in this console. On SQLite its queue is in its own memory: docs/deployment.md, Background jobs."
	@echo ""
	$(PY) manage.py run_worker & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# The browser tests need Debian's Chromium (never a downloaded one), a Chinese font (or the screenshots show
# boxes for every character) and axe-core from npm.
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
browser-tools:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)
	test -e $(CJK_FONT) || (apt-get update && apt-get install -y fonts-wqy-microhei)
	test -d node_modules || npm ci --no-audit --no-fund

test: $(STAMP) browser-tools
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run --settings=wanli.settings.test
	$(VENV)/bin/pytest

# The edit loop: no browser tests, the test database kept between runs, stop at the first failure.
# `make test` stays the whole suite (README, CI).
test-fast: $(STAMP)
	$(VENV)/bin/pytest --reuse-db -x -q --ignore=tests/browser

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Rebuild the translation catalogues after changing user-facing strings.
# Each app keeps its own catalogue (<app>/locale); site-wide strings (templates/, wanli/) are in locale/.
# makemessages ignores by directory name anywhere, so an app with a catalogue must not share its name with a
# folder of templates/ (wanli does: templates/wanli); wanli's strings therefore live in locale/, not wanli/locale.
APPS_WITH_LOCALE := $(patsubst %/locale,%,$(wildcard */locale))
messages: $(STAMP)
	for app in $(APPS_WITH_LOCALE); do (cd $$app && ../$(PY) ../manage.py makemessages -l en --no-obsolete); done
	$(PY) manage.py makemessages -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests --ignore=test-artifacts --ignore=staticfiles $(foreach app,$(APPS_WITH_LOCALE),--ignore=$(app))
	$(PY) manage.py compilemessages -l en -l zh_Hans --ignore=.venv --ignore=node_modules

# Lighthouse (mobile, simulated slow phone) against a local production-like server with the real seed.
audit: $(STAMP) browser-tools
	$(PY) tools/lighthouse_audit.py

# The 适老化 rules on every public page type in 长者模式 and 超大字 at 360 px: failing elements per rule.
audit-elderly: $(STAMP) browser-tools
	$(VENV)/bin/pytest tests/browser/test_elderly_rules.py -q -s -p no:randomly

seed: $(STAMP)
	$(PY) manage.py seed_wanli

demo: $(STAMP)
	$(PY) manage.py generate_demo --facilities 500 --estates 30

# Benchmarks (not tests): nearby search, search and the life-circle matrix, then the HTTP load of the pages
# (bench-http). Figures go into docs/benchmarks.md and the README. On PostgreSQL: the database
# BENCH_DATABASE_URL names is dropped and created afresh by each part (SQLite only on request:
# BENCH_DATABASE_URL=sqlite:///tmp/bench.sqlite3); Redis db BENCH_CACHE_URL for the server's cache.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/wanli_bench
BENCH_CACHE_URL ?= redis://127.0.0.1:6379/9
export BENCH_DATABASE_URL BENCH_CACHE_URL
bench: $(STAMP)
	$(PY) bench/run.py
	$(MAKE) bench-http
	$(PY) bench/fresh_pages.py --runs 20  # in-process, on the data bench-http left: queries and time per page

# Re-vendor Leaflet from the npm registry into static/vendor/leaflet/ (the site serves it; no CDN).
LEAFLET_VERSION ?= 1.9.4
vendor-leaflet:
	rm -rf .leaflet-tmp && mkdir .leaflet-tmp
	cd .leaflet-tmp && npm pack --silent leaflet@$(LEAFLET_VERSION) && tar xzf leaflet-$(LEAFLET_VERSION).tgz
	mkdir -p static/vendor/leaflet/images
	cp .leaflet-tmp/package/dist/leaflet.js .leaflet-tmp/package/dist/leaflet.js.map .leaflet-tmp/package/dist/leaflet.css .leaflet-tmp/package/LICENSE static/vendor/leaflet/
	cp .leaflet-tmp/package/dist/images/* static/vendor/leaflet/images/
	rm -rf .leaflet-tmp

# Re-vendor jsQR (the QR reader of the door check-in page) from the npm registry into static/vendor/jsqr/; the
# version is the one package.json pins, so `npm ci` and this target agree.
JSQR_VERSION ?= $(shell node -p "require('./package.json').dependencies.jsqr")
vendor-jsqr:
	rm -rf .jsqr-tmp && mkdir .jsqr-tmp
	cd .jsqr-tmp && npm pack --silent jsqr@$(JSQR_VERSION) && tar xzf jsqr-$(JSQR_VERSION).tgz
	mkdir -p static/vendor/jsqr
	cp .jsqr-tmp/package/dist/jsQR.js .jsqr-tmp/package/LICENSE static/vendor/jsqr/
	rm -rf .jsqr-tmp

# Recovery (scripts/backup.py, docs/deployment.md): the database and the media folder.
backup: $(STAMP)
	$(PY) scripts/backup.py backup --to backups

restore: $(STAMP)
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=backups/wanli-YYYYMMDD-HHMMSS-…" && exit 2)
	$(PY) scripts/backup.py restore "$(BACKUP)"

# HTTP load: pages under gunicorn with wrk (scripts/bench_http.py) -> docs/benchmarks.md and the README.
bench-http: $(STAMP)
	@command -v wrk >/dev/null 2>&1 || { apt-get install -y wrk || sudo apt-get install -y wrk; }
	$(PY) scripts/bench_http.py

clean:
	rm -rf $(VENV) staticfiles .bench
