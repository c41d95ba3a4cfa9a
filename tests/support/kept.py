"""Apps handed from test to test: a test that left its app as it found it passes it to the next one.

Building an app (its routes) and its first answer (the snapshot) cost about 30 ms, and most tests only
read: the next test asking for the same app (backend, content, settings, start time) gets the kept one.
A test may hand its app on only if nothing wrote to a database, its clock never moved, the app's settings
are as they were, and the test never held the app itself: a test or fixture naming the app, `monkeypatch`,
`database_url` or the command-line runner may change what these checks cannot see, so its app is never
passed on (nor is the app of a test that makes partners: they are written to the database).
"""
from datetime import datetime

from .apps import Clock
from .databases import Writes

APPS = ("app", "empty_app", "shipped_app")
# names that hand a test the app itself, or a way to change it unseen; partners are written to the
# database (a test that makes one never passes its app on: it does not take the kept one either)
HOLDERS = {*APPS, "monkeypatch", "database_url", "runner", "make_partner"}
CLIENTS = {"client"}  # uses the app only as an HTTP client does


class ClockHand:
    """What a kept app reads the time from: the clock of the test it currently serves."""

    def __init__(self, clock: Clock):
        self.clock = clock

    def __call__(self) -> datetime:
        return self.clock()


def may_pass_on(request) -> bool:
    """Whether this test's app could serve the next test: it never held the app itself."""
    if request.node.get_closest_marker("system") or HOLDERS & set(request.node._fixtureinfo.argnames):
        return False
    definitions = request.node._fixtureinfo.name2fixturedefs
    for name in request.fixturenames:
        if name in CLIENTS or name in APPS or name not in definitions:
            continue
        if HOLDERS & set(definitions[name][-1].argnames):
            return False
    return True


class Lease:
    """One test's use of an app: what it found, to tell at the end whether it left the app as it was."""

    def __init__(self, app, clock: Clock):
        self.app, self.clock = app, clock
        self.config, self.writes = dict(app.config), Writes.count

    def clean(self) -> bool:
        return Writes.count == self.writes and not self.clock.moved and dict(self.app.config) == self.config


class KeptApps:
    """At most one app per key, with the database generation it was kept at (a newer one means its
    database was dropped or written since)."""

    def __init__(self):
        self.apps: dict[tuple, tuple] = {}

    def take(self, key: tuple, generation: int, clock: Clock):
        """The app kept under `key`, now telling `clock`'s time with fresh limits, or None."""
        app, kept_at = self.apps.pop(key, (None, None))
        if app is None:
            return None
        if kept_at != generation:
            dispose(app)
            return None
        app.config["CLOCK"].clock = clock
        app.extensions["helplinks.limiter"].reset()
        return app

    def keep(self, key: tuple, generation: int, app) -> None:
        previous, _ = self.apps.pop(key, (None, None))
        if previous is not None:
            dispose(previous)
        self.apps[key] = (app, generation)

    def close(self) -> None:
        for app, _ in self.apps.values():
            dispose(app)
        self.apps.clear()


def dispose(app) -> None:
    app.extensions["helplinks"].store.engine.dispose()
