from dataclasses import replace
from datetime import date

from revcycle.claims.examples import EXAMPLE_TODAY, example_claim
from revcycle.kernel.findings import Severity
from revcycle.scrub import ScrubContext, scrub_claim
from revcycle.scrub.context import CoverageCheck

CONTEXT = ScrubContext.standard(EXAMPLE_TODAY)


def _with(check: CoverageCheck) -> ScrubContext:
    return replace(CONTEXT, coverage_checks={1: check})


def test_coverage_the_payer_called_inactive_on_the_date_of_service_is_an_error():
    # given the example claim (encounter 1) and the payer's answer that its coverage was inactive that day
    claim = example_claim()
    check = CoverageCheck(False, claim.first_service_date, date(2026, 3, 1), "PPO")
    # when scrubbed
    result = scrub_claim(claim, _with(check))
    # then one error, and the claim is not clean
    (finding,) = [f for f in result.findings if f.code == "coverage_inactive"]
    assert finding.severity is Severity.ERROR and not result.clean
    assert finding.message == (f"the payer answered on 2026-03-01 that the coverage (PPO) was inactive on "
                               f"{claim.first_service_date}")  # fmt: skip


def test_a_rejected_inquiry_warns_and_an_active_or_other_date_answer_says_nothing():
    claim = example_claim()
    dos = claim.first_service_date
    # given a rejected inquiry / then a warning with the payer's reason
    rejected = scrub_claim(claim, _with(CoverageCheck(None, dos, dos, reasons="the member id is invalid or missing")))
    (warning,) = [f for f in rejected.findings if f.code == "eligibility_not_confirmed"]
    assert warning.severity is Severity.WARNING
    assert warning.message.endswith(": the member id is invalid or missing")
    # given active coverage, or an answer about another date / then nothing from this edit
    for check in (CoverageCheck(True, dos, dos, "PPO"), CoverageCheck(False, date(2020, 1, 1), dos)):
        codes = scrub_claim(claim, _with(check)).codes
        assert "coverage_inactive" not in codes and "eligibility_not_confirmed" not in codes
