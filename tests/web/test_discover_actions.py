"""What the Discover page's buttons do to the creator chosen: the choice stays on the creator acted on,
and the buttons say what pressing them again would do (Unpin, Include)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from compass.db import make_engine_for_url
from compass.demo import load_demo
from compass.migrations import upgrade
from compass.workspace import MemberView, list_members, list_niches
from compass.workspace.users import local_user
from tests.web.apps import opened_section

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(tmp_path: Path, serve: Callable[[Path], None]) -> Iterator[Engine]:
    """A small demo workspace of its own: these tests pin and exclude its creators."""
    engine = make_engine_for_url(f"sqlite:///{tmp_path / 'compass.sqlite3'}", "test")
    upgrade(engine)
    load_demo(engine, local_user(engine).id, creators=8)
    serve(tmp_path)
    yield engine
    engine.dispose()


def discover(**query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "pages/1_Discover.py"), default_timeout=120)
    for key, value in query.items():
        app.query_params[key] = value
    return checked(app.run())


def checked(app: AppTest) -> AppTest:
    assert not app.exception, [e.value for e in app.exception]
    return app


def press(app: AppTest, label: str) -> AppTest:
    return checked(next(b for b in app.button if b.label == label).click().run())


def labels(app: AppTest) -> set[str]:
    return {b.label for b in app.button}


def stored(engine: Engine, handle: str) -> MemberView:
    user = local_user(engine)
    (niche, *_) = list_niches(engine, user)
    return next(m for m in list_members(engine, user, niche.id) if m.handle == handle)


def test_after_pin_the_choice_stays_on_the_creator_and_the_button_reads_unpin(engine: Engine) -> None:
    app = discover()
    # The last creator in the list: pinning moves it to the top, which once reset the choice to the first.
    handle = app.selectbox(key="member").options[-1]
    app = checked(app.selectbox(key="member").select(handle).run())
    assert "Pin" in labels(app) and "Unpin" not in labels(app)

    app = press(app, "Pin")
    assert stored(engine, handle).pinned
    assert app.selectbox(key="member").value == handle and app.selectbox(key="member").options[0] == handle
    assert "Unpin" in labels(app) and "Pin" not in labels(app)

    app = press(app, "Unpin")
    assert not stored(engine, handle).pinned
    assert app.selectbox(key="member").value == handle and "Pin" in labels(app)


def test_an_excluded_creator_shown_reads_include_and_stays_chosen(engine: Engine) -> None:
    app = discover(excluded="1")
    handle = app.selectbox(key="member").options[2]
    app = checked(app.selectbox(key="member").select(handle).run())

    app = press(app, "Exclude")
    assert stored(engine, handle).excluded
    assert app.selectbox(key="member").value == handle and "Include" in labels(app)

    app = press(app, "Include")
    assert not stored(engine, handle).excluded
    assert app.selectbox(key="member").value == handle and "Exclude" in labels(app)


def test_an_excluded_creator_leaves_the_list_unless_excluded_ones_are_shown(engine: Engine) -> None:
    app = discover()
    handle = app.selectbox(key="member").options[1]
    app = press(checked(app.selectbox(key="member").select(handle).run()), "Exclude")
    assert handle not in app.selectbox(key="member").options
    assert handle not in app.dataframe[0].value["handle"].tolist()
    assert app.selectbox(key="member").value is not None


def test_saving_the_seeds_keeps_both_seed_buttons(engine: Engine) -> None:
    """The second button was once drawn only when the first had not been pressed."""
    app = press(discover(), "Save seeds")
    assert {"Save seeds", "Save and find similar creators"} <= labels(app)


def created_id(engine: Engine, name: str) -> int:
    return next(n.id for n in list_niches(engine, local_user(engine)) if n.name == name)


def test_a_created_niche_is_chosen_and_confirmed_and_a_nameless_one_is_refused(engine: Engine) -> None:
    """The picker's own state once kept the old niche over the new one's URL, with no word said."""
    app = discover()
    assert "DEMO" in app.selectbox[0].options[0]
    assert not [t for t in app.text_input if t.label == "Name"]  # the form runs once its section is open
    app = opened_section(app, "new-niche-open")
    form_name = next(t for t in app.text_input if t.label == "Name")
    checked(form_name.input("   ").run())
    app = checked(next(b for b in app.button if b.label == "Create").click().run())
    assert any("a niche needs a name" in e.value for e in app.error)
    assert len(list_niches(engine, local_user(engine))) == 1

    next(t for t in app.text_input if t.label == "Name").input("Calisthenics")
    app = checked(next(b for b in app.button if b.label == "Create").click().run())
    assert app.selectbox[0].value == created_id(engine, "Calisthenics")
    assert any("Created the niche Calisthenics" in s.value for s in app.success)
    assert app.query_params["niche"] == str(created_id(engine, "Calisthenics"))
    assert not checked(app.run()).success  # said once
