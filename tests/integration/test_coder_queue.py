"""The coder queue: paging, filters (provider, DOS range, payer, confidence, age, who works it), search, sort,
assign to me and bulk assign (SQLite; PostgreSQL when REVCYCLE_TEST_DATABASE_URL is set). On the web practice
(encounters 3 and 4 waiting, DOS 2026-03-05 and 03-06; today 2026-03-10) with three more visits."""

from __future__ import annotations

from datetime import date

import pytest
from web_setup import NOW, _encounter, web_world

from revcycle.kernel import ErrorCode, RevcycleError
from revcycle.practice import RenderingProvider
from revcycle.services import practice, users, views
from revcycle.services.views import QueueQuery


@pytest.fixture
def world(engine, tmp_path):
    world = web_world(engine, tmp_path)
    admin = users.acting_user(world.practice.uow(), "admin")
    other = practice.add_rendering_provider(world.practice.uow(), admin,
                                            RenderingProvider("Ann", "Lee", "1679576722", "207Q00000X"))  # fmt: skip
    for day in (date(2026, 3, 1), date(2026, 3, 2)):
        _encounter(
            world.practice, day, "99213", 11000, ("I10",), "Hypertension follow-up."
        )  # encounters 5, 6
    world.practice.doctor_id = other.id
    _encounter(
        world.practice, date(2026, 3, 3), "99213", 11000, ("I10",), "Hypertension follow-up."
    )  # 7, Dr Lee
    world.other_doctor_id = other.id
    with world.practice.uow() as uow:
        for encounter_id, permille in ((3, 910), (4, 420), (5, 650)):
            uow.coding.note_confidence(encounter_id, permille, NOW)
    return world


def who(world, name):
    return users.acting_user(world.practice.uow(), name)


def ids(world, user="coder1", size=50, page=1, **asked):
    queue = views.coder_queue(world.practice.uow(), who(world, user), size, page, QueueQuery(**asked))
    return [item.encounter.id for item in queue.items], queue.total


def test_the_queue_pages_oldest_first(world):
    assert ids(world, size=2) == ([5, 6], 5)
    assert ids(world, size=2, page=3) == ([4], 5)
    queue = views.coder_queue(world.practice.uow(), who(world, "coder1"), 2, 2)
    assert (queue.page, queue.pages, [item.encounter.id for item in queue.items]) == (2, 3, [7, 3])


def test_the_queue_filters_by_provider_dates_payer_confidence_and_age(world):
    assert ids(world, provider_id=world.other_doctor_id) == ([7], 1)
    assert ids(world, dos_from=date(2026, 3, 2), dos_to=date(2026, 3, 5)) == ([6, 7, 3], 3)
    assert ids(world, payer_id=1) == ([5, 6, 7, 3, 4], 5)
    assert ids(world, payer_id=99) == ([], 0)
    assert ids(world, confidence_max=700) == ([5, 4], 2)  # the auto-coder's top confidence, per mille
    assert ids(world, confidence_min=900) == ([3], 1)
    assert ids(world, min_age_days=8) == ([5, 6], 2)  # seen on or before 2026-03-02


def test_the_queue_searches_by_encounter_number_or_last_name_and_sorts(world):
    assert ids(world, search="E4") == ([4], 1)
    assert ids(world, search="7") == ([7], 1)
    assert ids(world, search="do") == ([5, 6, 7, 3, 4], 5)
    assert ids(world, search="smi") == ([], 0)
    assert ids(world, sort="-dos") == ([4, 3, 7, 6, 5], 5)
    assert ids(world, sort="-confidence") == ([3, 5, 4, 6, 7], 5)  # not read yet: last
    with pytest.raises(RevcycleError) as refused:
        ids(world, sort="cost")
    assert refused.value.code is ErrorCode.VALIDATION


def test_assign_to_me_and_bulk_assign(world):
    # when the coder takes two encounters
    assert views.assign_encounters(world.practice.uow(), who(world, "coder1"), [3, 4]) == 2
    # then the queue shows who works them and filters on it
    queue = views.coder_queue(
        world.practice.uow(), who(world, "coder1"), 50, 1, QueueQuery(assigned="coder1")
    )
    assert [(item.encounter.id, item.assigned_to) for item in queue.items] == [(3, "coder1"), (4, "coder1")]
    assert ids(world, assigned="none") == ([5, 6, 7], 3)
    # when the manager hands three to the biller (one of them the coder's)
    assert views.assign_encounters(world.practice.uow(), who(world, "manager1"), [4, 5, 6], to="biller1") == 3
    assert ids(world, assigned="biller1") == ([5, 6, 4], 3)
    # then the coder may not take one of the biller's, nor give work to someone else; nothing changes
    with pytest.raises(RevcycleError) as taken:
        views.assign_encounters(world.practice.uow(), who(world, "coder1"), [5, 7])
    assert (taken.value.code, taken.value.message) == (ErrorCode.CONFLICT, "E5 is assigned to biller1")
    with pytest.raises(RevcycleError) as forbidden:
        views.assign_encounters(world.practice.uow(), who(world, "coder1"), [7], to="biller1")
    assert forbidden.value.code is ErrorCode.FORBIDDEN
    assert ids(world, assigned="none") == ([7], 1)
    # and an auditor (who does not code) cannot be given work; an unknown encounter is named
    with pytest.raises(RevcycleError, match="auditor1 \\(auditor\\) does not code"):
        views.assign_encounters(world.practice.uow(), who(world, "manager1"), [7], to="auditor1")
    with pytest.raises(RevcycleError, match="no encounter 99"):
        views.assign_encounters(world.practice.uow(), who(world, "coder1"), [7, 99])
