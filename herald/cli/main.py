"""The `herald` console script.

    herald demo [--host H] [--port P]   migrate, load the demo if empty, serve it (--debug:
                                         Django's debug pages instead of the publication's)
    herald serve                         production server (gunicorn)
    herald import PATH...                import Markdown stories
    herald validate PATH...              run the desk validation assistant on files
    herald reconcile-memberships         re-read membership state from the payment provider
    herald subscribers import FILE.csv   import newsletter subscribers
    herald subscribers export            the same CSV, to standard output
    herald newsletters send NEWSLETTER (--story SLUG | --digest) [--wait]
                                         send a story's issue or a digest (exactly once each)
    herald related rebuild               recompute every story's related stories ("More")
    herald reindex                       rebuild the search index of stories
    herald <django command> ...          any Django management command (dashes or underscores)
"""

from __future__ import annotations

import argparse
import os
import sys

from django.core.exceptions import ImproperlyConfigured

from herald import config


def _django(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herald.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["herald", *argv])
    except ImproperlyConfigured as error:
        sys.stderr.write(f"herald: configuration error: {error}\n")
        sys.exit(2)


def _background_helpers() -> list:
    """For the demo: a task worker and a scheduled-publishing loop beside the server."""
    import subprocess
    import threading

    config.VAR_DIR.mkdir(parents=True, exist_ok=True)
    log = open(config.VAR_DIR / "worker.log", "ab")
    worker = subprocess.Popen(
        [sys.executable, "-m", "herald", "db_worker", "--interval", "1", "--no-reload"],
        stdout=log, stderr=log,
    )
    stop = threading.Event()

    def publish_scheduled_every_minute():
        while not stop.wait(60):
            subprocess.run([sys.executable, "-m", "herald", "publish_scheduled"],
                           stdout=subprocess.DEVNULL, check=False)
            # Digests whose time has come (herald.newsletters), queued for the worker.
            subprocess.run([sys.executable, "-m", "herald", "newsletters", "due"],
                           stdout=subprocess.DEVNULL, check=False)

    threading.Thread(target=publish_scheduled_every_minute, daemon=True).start()
    return [worker, stop]


def demo(argv: list[str]) -> int:
    """Migrate, load the demo if the database is empty, serve it with a task worker beside.

    ``herald.core.content_version`` is imported late, after the first management command
    has set Django up: it reads the cache settings.
    """
    parser = argparse.ArgumentParser(prog="herald demo", description="Serve the demo publication.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-serve", action="store_true", help="Set up and load, but do not serve.")
    parser.add_argument(
        "--debug", action="store_true",
        help="Django's debug pages (tracebacks, the URLs tried on a 404) instead of the "
        "publication's own error pages; the same as HERALD_DEBUG=1.")
    args = parser.parse_args(argv)
    os.environ.setdefault("HERALD_DEMO", "1")
    # Without debug, as readers will see it: a mistyped address gets the publication's 404
    # page, a failure its 500 page (the traceback still goes to this terminal).
    if args.debug:
        os.environ["HERALD_DEBUG"] = "1"
    os.environ.setdefault("HERALD_BASE_URL", f"http://{args.host}:{args.port}")
    os.environ.setdefault("EMAIL_URL", f"file://{config.VAR_DIR / 'outbox'}")
    print("Herald demo: applying database migrations…", flush=True)
    _django(["migrate", "--no-input", "-v", "0"])
    _django(["load_demo"])
    # Pages a previous run cached (var/cache outlives it) were rendered by that run's code:
    # a developer who changed a template and restarted must not be served them. As
    # `herald serve` does for a release; django is set up by the commands above.
    from herald.core import content_version

    content_version.bump()
    if args.no_serve:
        return 0
    # The other herald commands of this checkout mail links to where the demo is served.
    (config.VAR_DIR / "base_url").write_text(config.env_str("HERALD_BASE_URL") + "\n")
    print(f"\nServing the demo at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    print("Background: task worker running (log in var/worker.log); scheduled stories "
          "are published every minute.", flush=True)
    import signal

    worker, stop = _background_helpers()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        _django(["runserver", f"{args.host}:{args.port}", "--noreload", "--skip-checks"])
    finally:
        stop.set()
        worker.terminate()
        worker.wait(timeout=10)
    return 0


def serve(argv: list[str]) -> int:
    """Production: collect static files, drop the last release's cached pages, exec gunicorn.

    Threaded workers keep connections alive between requests (a proxy's upstream
    pool, or a browser's), which sync workers cannot. docs/performance.md has
    the measurements behind each choice; GUNICORN_CMD_ARGS adds any gunicorn
    option not set here.

    ``herald.core.content_version`` is imported late, after ``django.setup()``:
    it reads the cache settings, which exist only once Django is configured.
    """
    try:
        bind = config.env_str("HERALD_BIND", "127.0.0.1:8000")
        workers = config.env_int("HERALD_WORKERS", 2)
        threads = config.env_int("HERALD_THREADS", 4)
        access_log = config.env_str("HERALD_ACCESS_LOG", "")  # nginx keeps the access log
        # Herald and gunicorn trust the same proxies: none unless named (docs/settings.md).
        forwarded_allow_ips = ",".join(config.forwarded_allow_ips())
    except ImproperlyConfigured as error:
        sys.stderr.write(f"herald serve: configuration error: {error}\n")
        return 2
    parser = argparse.ArgumentParser(prog="herald serve", description="Serve Herald with gunicorn.")
    parser.add_argument("--bind", default=bind)
    parser.add_argument("--workers", type=int, default=workers)
    parser.add_argument("--threads", type=int, default=threads)
    parser.add_argument("--no-collectstatic", action="store_true")
    args = parser.parse_args(argv)
    if not config.env_str("SECRET_KEY", ""):
        sys.stderr.write(
            "herald serve: configuration error: Set SECRET_KEY to a long random string "
            "(the production server never uses the demo's var/secret_key; see docs/settings.md).\n"
        )
        return 2
    if not args.no_collectstatic:
        _django(["collectstatic", "--no-input", "-v", "0"])
    # A new release may render pages differently: nothing the last one cached is served.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "herald.settings")
    import django

    django.setup()
    from herald.core import content_version

    try:
        content_version.bump()
    except Exception as error:  # the cache is down: gunicorn still starts, /healthz says so
        print(f"herald serve: could not change the content version ({error})", file=sys.stderr)
    command = [
        sys.executable, "-m", "gunicorn", "herald.wsgi:application",
        "--bind", args.bind, "--workers", str(args.workers),
        "--worker-class", "gthread", "--threads", str(max(args.threads, 1)),
        "--keep-alive", "75",
        # Recycle workers now and then as insurance against slow leaks, rarely
        # enough that a restart (a second of CPU) stays out of the way.
        "--max-requests", "200000", "--max-requests-jitter", "20000",
        "--forwarded-allow-ips", forwarded_allow_ips,
        # gunicorn's control socket defaults to one path per user, which a second
        # server on the machine would take over; Herald does not use it.
        "--no-control-socket",
    ]
    if access_log:
        command += ["--access-logfile", access_log]
    if os.path.isdir("/dev/shm"):
        command += ["--worker-tmp-dir", "/dev/shm"]  # the heartbeat file, off the disk
    os.execv(sys.executable, command)
    return 0


def import_(argv: list[str]) -> int:
    _django(["import_stories", *argv])
    return 0


def validate(argv: list[str]) -> int:
    """Run the validation assistant on files; imported late so that the other
    commands do not load its language models."""
    from herald.validation.cli import main as validate_main

    return validate_main(argv)


COMMANDS = {"demo": demo, "serve": serve, "import": import_, "validate": validate}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__.strip())
        return 0
    if argv[0] != "serve":
        # Outside the production server, a key the demo generated under var/ will do.
        os.environ.setdefault("HERALD_CLI", "1")
    command = COMMANDS.get(argv[0])
    if command is None:
        # `herald reconcile-memberships` runs the `reconcile_memberships` command.
        _django([argv[0].replace("-", "_"), *argv[1:]])
        return 0
    return command(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main())
