"""The heap is frozen again only after modules were added, so a rerun does not pay a full pass over them."""
import gc
import sys
import types

from dashboard import heap


def collectable(objects: list) -> int:
    """How many of ``objects`` a collector pass would still walk (gc.get_objects leaves frozen ones out)."""
    ids = {id(o) for o in objects}
    return sum(id(o) in ids for o in gc.get_objects())


def test_a_freeze_only_after_modules_were_added(monkeypatch):
    gc.unfreeze()
    heap.freeze()
    assert gc.get_freeze_count() > 0
    made_since = [type("Tracked", (), {})() for _ in range(10)]
    assert heap.freeze_if_modules_added() is False
    assert collectable(made_since) == 10  # no module added: no freeze, what a run made stays collectable
    monkeypatch.setitem(sys.modules, "tests_unit_added_module", types.ModuleType("tests_unit_added_module"))
    assert heap.freeze_if_modules_added() is True
    assert collectable(made_since) == 0
    assert heap.freeze_if_modules_added() is False
