"""The heap is frozen again only after modules were added, so a rerun does not pay a full pass over them."""
import gc
import sys
import types

from dashboard import heap


def test_a_freeze_only_after_modules_were_added(monkeypatch):
    gc.unfreeze()
    heap.freeze()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    kept = [object.__new__(type("Tracked", (), {})) for _ in range(10)]  # tracked objects made after the freeze
    assert heap.freeze_if_modules_added() is False
    assert gc.get_freeze_count() == frozen  # no module added: nothing frozen, the new objects stay collectable
    monkeypatch.setitem(sys.modules, "tests_unit_added_module", types.ModuleType("tests_unit_added_module"))
    assert heap.freeze_if_modules_added() is True
    assert gc.get_freeze_count() >= frozen + len(kept)
    assert heap.freeze_if_modules_added() is False
