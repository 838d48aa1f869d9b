"""The first screen comes with its data, drawn once, not first as "Loading…"; when the data
is slow it comes anyway and says it is loading."""

from __future__ import annotations

import time

from store import Store
from tests.tui.conftest import make_app, settle
from tests.tui.test_flows import rows, screen_as_text
from tui.app import FIRST_DATA_WAIT
from tui.screens.dashboard import DashboardScreen


async def test_the_dashboard_is_first_shown_with_its_data(desk: Store, monkeypatch):
    shown_loaded: list[bool] = []
    show_data = DashboardScreen.show_data

    def recording(screen: DashboardScreen) -> None:
        if screen.query_one("#agenda").columns:  # mounted: this is drawn
            shown_loaded.append(screen.app.data.loaded)
        show_data(screen)

    monkeypatch.setattr(DashboardScreen, "show_data", recording)
    app = make_app(desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert shown_loaded == [True]  # once, with its data: never "Loading…" first
        assert "BR-2026-0003" in " ".join(rows(app))


async def test_slow_data_shows_the_dashboard_loading_meanwhile(desk: Store, monkeypatch):
    inquiries = desk.inquiries

    def slowly(*args, **kwargs):
        time.sleep(FIRST_DATA_WAIT + 1.0)  # in the data layer's thread
        return inquiries(*args, **kwargs)

    monkeypatch.setattr(desk, "inquiries", slowly)
    app = make_app(desk)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(FIRST_DATA_WAIT + 0.4)
        assert isinstance(app.screen, DashboardScreen)
        assert "Loading…" in screen_as_text(app)
        await settle(pilot)
        assert "Loading…" not in screen_as_text(app)
        assert "BR-2026-0003" in " ".join(rows(app))
