"""Every corpus 271 (../shared/corpus/x12/270_271) reads into plain Benefits, exact for a few known files."""

from __future__ import annotations

import pytest

from revcycle.edi.eligibility_271 import read_271
from revcycle.payer.eligibility import Copay, Limit
from revcycle.x12 import read_x12

pytestmark = pytest.mark.corpus


def _responses(corpus_dir):
    folder = corpus_dir / "x12" / "270_271"
    return {
        path.name: path.read_bytes()
        for path in sorted(folder.iterdir())
        if any(t.guide is not None and t.guide.key == "271" for t in read_x12(path.read_bytes(), typed=False).transactions)
    }


def test_every_corpus_271_reads_into_benefits_that_say_active_inactive_or_why_not(corpus_dir):
    # given every 271 in the corpus
    responses = _responses(corpus_dir)
    # when each is read into Benefits
    read = {name: read_271(data)[0] for name, data in responses.items()}
    # then each gives at least one member (or a rejection above the members), and each says something
    assert len(read) == 20
    assert all(found for found in read.values())
    assert all(b.active is not None or b.rejections for found in read.values() for b in found)


def test_known_corpus_answers_read_exactly(corpus_dir):
    # given four corpus 271s: a plain subscriber, a dependent with family limits, a changed member, a payer rejection
    responses = _responses(corpus_dir)
    # when read
    (gold,), _ = read_271(responses["lfh__271_005010X279A1__subscriber-health-benefit-check.271"])
    (dependent,), _ = read_271(responses["tigershark__271-dependent-benefits.txt"])
    (changed,), _ = read_271(responses["tigershark__271-example-2.txt"])
    (refused,), _ = read_271(responses["lfh__271_005010X279A1__subscriber-health-benefit-check-error.271"])
    # then
    assert (gold.member_id, gold.active, gold.plan_name) == ("123456789", True, "GOLD 123 PLAN")
    assert gold.copays[0] == Copay("1", 1000, True, "")
    assert (dependent.dependent, dependent.plan_name) == (True, "Aetna Choice POS II")
    assert dependent.limit("deductible", "family", None) == Limit("deductible", "family", None, 60000, 18689)
    assert dependent.limit("deductible", "individual", None) == Limit("deductible", "individual", None, 20000, 7880)
    assert (changed.member_id, changed.plan_name, changed.identity_changed) == ("111111111", "MANAGED INDEMNITY", True)
    assert refused.active is None and refused.rejections == [("50", "the provider is not eligible to ask")]


def test_member_level_rejections_read_in_plain_words(corpus_dir):
    # given the tigershark 271 that rejects a subscriber's id, name and birth date
    responses = _responses(corpus_dir)
    # when read
    (rejected,), _ = read_271(responses["tigershark__271-example.txt"])
    # then every AAA comes in plain words, and nothing claims the member is active
    assert rejected.active is None
    assert [code for code, _ in rejected.rejections] == ["72", "73", "73", "58"]
    assert rejected.rejections[0] == ("72", "the member id is invalid or missing")
    assert rejected.rejections[3] == ("58", "the member's birth date is invalid or missing")
