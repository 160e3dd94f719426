"""Each chart renders to a non-trivial image with Chinese glyphs from a real CJK font."""
from __future__ import annotations

import pytest

from medkg.app.plots import KINDS, cjk_font, plot


def test_a_cjk_font_is_available() -> None:
    from matplotlib import font_manager

    path = font_manager.findfont(font_manager.FontProperties(family=cjk_font()), fallback_to_default=False)
    from matplotlib.ft2font import FT2Font

    assert FT2Font(path).get_char_index(ord("医")) != 0  # the font has a glyph for 医, so no tofu boxes


@pytest.mark.parametrize("kind", KINDS)
def test_each_plot_renders(small_kg, tmp_path, kind: str) -> None:  # type: ignore[no-untyped-def]
    out = plot(small_kg, kind, tmp_path / f"{kind}.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 15_000
    from matplotlib import image

    pixels = image.imread(str(out))
    assert pixels.shape[0] > 400 and pixels.std() > 0.05  # not a blank canvas


def test_svg_and_bad_kind(small_kg, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from medkg.base.errors import UsageError

    assert b"<svg" in plot(small_kg, "market", tmp_path / "m.svg").read_bytes()[:500]
    with pytest.raises(UsageError):
        plot(small_kg, "pie", tmp_path / "x.png")


def test_charts_of_the_bundled_registry(bundled_kg, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The bundled registry has what the small one lacks (undated deployments, every model type): each chart draws."""
    for kind in ("deployments", "value-chain", "timeline"):
        assert plot(bundled_kg, kind, tmp_path / f"{kind}.png").stat().st_size > 15_000
