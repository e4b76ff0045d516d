"""How long work says how far it is: ``progress(done, total, step)``, in units of the work's own (videos,
profiles, bytes), ``total`` None while it is not known yet, ``step`` what is being done, in words."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int | None, str], None]
