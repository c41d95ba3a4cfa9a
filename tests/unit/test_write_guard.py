"""A write view that never checks If-Match cannot pass the suite: the guard warns, and warnings are errors."""
import pytest

from api import create_app
from api.web.conditional import expected_version


@pytest.fixture
def guarded(tmp_path):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'guard.db'}"})

    @app.route("/forgetful/<entry_id>", methods=["PUT", "PATCH", "DELETE"])
    def forgetful(entry_id):
        return {"id": entry_id}

    @app.route("/careful/<entry_id>", methods=["PUT"])
    def careful(entry_id):
        expected_version(entry_id, 3)
        return {"id": entry_id}

    return app.test_client()


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_a_write_that_never_checked_if_match_fails(guarded, method):
    with pytest.raises(RuntimeWarning, match="without checking If-Match"):
        guarded.open("/forgetful/fr-3018", method=method)


def test_a_write_that_checked_if_match_passes(guarded):
    assert guarded.put("/careful/fr-3018", headers={"If-Match": '"fr-3018.v3"'}).status_code == 200
    assert guarded.put("/careful/fr-3018", headers={"If-Match": '"fr-3018.v2"'}).status_code == 412
    assert guarded.put("/careful/fr-3018").status_code == 428
