"""Companies Act checks for an absorption-type merger, with hand-worked numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renketsu.model.errors import RenketsuError
from renketsu.model.types import Consideration
from renketsu.restructuring.legal import (
    LegalCheck,
    appraisal_rights,
    creditor_protection,
    latest_notice_date,
    merger_checks,
    short_form_merger,
    simplified_merger,
    votes_of_special_controller,
    wholly_owned_subsidiaries,
)

YEN = Decimal


# ------------------------------------------------------------ simplified merger (art. 796(2))


def test_no_consideration_and_large_net_assets_is_simplified():
    check = simplified_merger("IIJ", YEN("20000000000"), None, Consideration(), YEN(0), False)
    assert check.applies
    assert check.rule == "jp.simplified_merger"
    assert check.inputs["consideration_value"] == "0"
    assert check.inputs["limit"] == "4000000000"  # 20bn / 5
    assert check.explanation.startswith(
        "consideration ¥0 is at most 1/5 of net assets ¥20,000,000,000 (limit ¥4,000,000,000): "
        "no shareholders' meeting at IIJ")
    assert "796(2)" in check.citation and "196" in check.citation


def test_cash_above_one_fifth_is_not_simplified():
    # net assets 100m -> limit 20m; cash 20m is at the limit, 20,000,001 is above it
    at = simplified_merger("S", YEN(100_000_000), None, Consideration(cash=YEN(20_000_000)))
    above = simplified_merger("S", YEN(100_000_000), None, Consideration(cash=YEN(20_000_001)))
    assert at.applies
    assert not above.applies
    assert "exceeds" in above.explanation
    assert "shareholders' meeting must approve" in above.explanation


def test_five_million_floor():
    # net assets 1m is below the 5m floor: limit = 5,000,000 / 5 = 1,000,000
    ok = simplified_merger("S", YEN(1_000_000), None, Consideration(cash=YEN(1_000_000)))
    assert ok.applies
    assert ok.inputs["net_assets_for_test"] == "5000000"
    assert ok.inputs["limit"] == "1000000"
    assert "floor" in ok.explanation
    over = simplified_merger("S", YEN(1_000_000), None, Consideration(cash=YEN(1_000_001)))
    assert not over.applies


def test_floor_also_covers_negative_net_assets():
    check = simplified_merger("S", YEN(-3_000_000), None, Consideration(cash=YEN(999_999)))
    assert check.applies
    assert check.inputs["limit"] == "1000000"


def test_merger_loss_blocks_the_simplified_procedure():
    check = simplified_merger("IIJ", YEN("20000000000"), None, Consideration(), YEN(0), True)
    assert not check.applies
    assert "merger loss" in check.explanation and "795(2)" in check.explanation
    assert check.inputs["merger_loss"] == "true"


def test_shares_valued_exactly_at_net_assets_per_share():
    # net assets 1,000 over 3 shares outstanding: 1000/3 per share, kept exact (no rounding)
    check = simplified_merger("S", YEN(1000), 3, Consideration(shares_issued=1), YEN(0), False)
    assert check.inputs["net_assets_per_share"] == "1000/3"
    assert check.inputs["shares_value"] == "1000/3"
    assert check.inputs["consideration_value"] == "1000/3"
    assert check.applies  # 1000/3 <= 1,000,000 (floor)


def test_share_value_at_the_limit_exactly():
    # net assets 30,000,000 over 15 shares: 2,000,000 per share; limit 30,000,000 / 5 = 6,000,000;
    # 3 new shares = 6,000,000, exactly at the limit
    at = simplified_merger("S", YEN(30_000_000), 15, Consideration(shares_issued=3))
    assert at.inputs["net_assets_per_share"] == "2000000"
    assert at.inputs["consideration_value"] == "6000000"
    assert at.applies
    # 7 shares outstanding: 30,000,000/7 per share; 2 new shares = 60,000,000/7 (about 8,571,428.57) > 6,000,000
    above = simplified_merger("S", YEN(30_000_000), 7, Consideration(shares_issued=2))
    assert above.inputs["consideration_value"] == "60000000/7"
    assert not above.applies
    # shares and cash add: 2 shares at 2,000,000 + cash 2,000,000 = 6,000,000 (at the limit)
    both = simplified_merger("S", YEN(30_000_000), 15, Consideration(shares_issued=2, cash=YEN(2_000_000)))
    assert both.inputs["consideration_value"] == "6000000"
    assert both.applies
    plus_other = simplified_merger("S", YEN(30_000_000), 15,
                                   Consideration(shares_issued=2, cash=YEN(2_000_000)), YEN("0.5"))
    assert not plus_other.applies


def test_missing_shares_outstanding_names_entity_and_fix():
    with pytest.raises(RenketsuError) as err:
        simplified_merger("IIJ", YEN(1000), None, Consideration(shares_issued=10))
    (problem,) = err.value.problems
    assert problem.kind == "missing_shares_outstanding"
    assert "IIJ" in problem.message
    assert "shares_outstanding" in problem.hint and "group.yaml" in problem.hint


def test_articles_may_set_a_smaller_ratio():
    check = simplified_merger("S", YEN(100_000_000), None, Consideration(cash=YEN(15_000_000)),
                              limit_ratio=Fraction(1, 10))
    assert not check.applies
    assert check.inputs["limit"] == "10000000"


@given(
    net_assets=st.integers(min_value=-10**12, max_value=10**12),
    a=st.integers(min_value=0, max_value=10**12),
    b=st.integers(min_value=0, max_value=10**12),
    loss=st.booleans(),
)
def test_simplified_decision_is_monotone_in_consideration(net_assets, a, b, loss):
    small, large = sorted((a, b))
    lo = simplified_merger("S", YEN(net_assets), None, Consideration(cash=YEN(small)), YEN(0), loss)
    hi = simplified_merger("S", YEN(net_assets), None, Consideration(cash=YEN(large)), YEN(0), loss)
    assert not (hi.applies and not lo.applies)


@given(
    net_assets=st.integers(min_value=1, max_value=10**12),
    outstanding=st.integers(min_value=1, max_value=10**9),
    n1=st.integers(min_value=0, max_value=10**9),
    n2=st.integers(min_value=0, max_value=10**9),
)
def test_simplified_decision_is_monotone_in_shares_issued(net_assets, outstanding, n1, n2):
    few, many = sorted((n1, n2))
    lo = simplified_merger("S", YEN(net_assets), outstanding, Consideration(shares_issued=few))
    hi = simplified_merger("S", YEN(net_assets), outstanding, Consideration(shares_issued=many))
    assert not (hi.applies and not lo.applies)


# ------------------------------------------------------------ short-form merger (arts. 784(1), 796(1))


def test_short_form_at_exactly_nine_tenths():
    check = short_form_merger("A", "S", Fraction(9, 10), "absorbed")
    assert check.applies
    assert "784(1)" in check.citation
    assert "90%" in check.explanation


def test_short_form_below_nine_tenths():
    check = short_form_merger("A", "S", Fraction(899, 1000), "absorbed")
    assert not check.applies
    assert "89.9%" in check.explanation


def test_short_form_at_the_survivor_cites_796_1():
    check = short_form_merger("S", "A", Fraction(1), "survivor")
    assert check.applies
    assert "796(1)" in check.citation
    assert check.inputs["role"] == "survivor"


def test_wholly_owned_subsidiary_votes_count():
    # S holds 60% of A directly, its wholly-owned W holds 30%: 90% -> short-form
    votes = {"S": {"A": Fraction(3, 5), "W": Fraction(1)}, "W": {"A": Fraction(3, 10)}}
    wholly = wholly_owned_subsidiaries("S", votes)
    assert wholly == {"W"}
    held = votes_of_special_controller("S", "A", votes, wholly)
    assert held == Fraction(9, 10)
    assert short_form_merger("A", "S", held, "absorbed").applies


def test_common_parent_votes_do_not_count():
    # P owns S and A; S holds 50% of A, P the other 50%: S is not A's special controlling company
    votes = {"P": {"S": Fraction(1), "A": Fraction(1, 2)}, "S": {"A": Fraction(1, 2)}}
    held = votes_of_special_controller("S", "A", votes, wholly_owned_subsidiaries("S", votes))
    assert held == Fraction(1, 2)
    assert not short_form_merger("A", "S", held, "absorbed").applies


def test_partly_owned_subsidiary_votes_do_not_count():
    votes = {"S": {"A": Fraction(4, 5), "X": Fraction(99, 100)}, "X": {"A": Fraction(1, 5)}}
    wholly = wholly_owned_subsidiaries("S", votes)
    assert wholly == frozenset()
    assert votes_of_special_controller("S", "A", votes, wholly) == Fraction(4, 5)


def test_wholly_owned_chain_with_shared_ownership():
    shares = {"P": {"S": Fraction(1), "T": Fraction(3, 5)}, "S": {"T": Fraction(2, 5)}, "T": {"U": Fraction(1)}}
    assert wholly_owned_subsidiaries("P", shares) == {"S", "T", "U"}


# ------------------------------------------------------------ creditor protection (arts. 789, 799)


@pytest.mark.parametrize(("effective", "latest"), [
    # objection period: from the day after notice, one calendar month, ended by the eve of the effective date
    ("2010-04-01", "2010-02-28"),  # Mar 1..Mar 31
    ("2010-03-31", "2010-02-27"),  # Feb 28..Mar 27 (notice on Feb 28 would run Mar 1..Mar 31)
    ("2012-03-31", "2012-02-28"),  # leap year: Feb 29..Mar 28
    ("2010-03-01", "2010-01-31"),  # Feb 1..Feb 28
    ("2010-05-16", "2010-04-15"),  # Apr 16..May 15 (mid-month: ends the day before the 16th)
    ("2011-01-01", "2010-11-30"),  # Dec 1..Dec 31, across the year end
])
def test_latest_notice_date(effective, latest):
    assert latest_notice_date(dt.date.fromisoformat(effective)) == dt.date.fromisoformat(latest)


def test_latest_notice_leaves_a_full_month():
    # brute force: the day after the latest notice starts a period that has ended by the eve;
    # the next day would not.
    from renketsu.restructuring.legal import _one_month_end

    day = dt.date(2009, 1, 1)
    while day < dt.date(2013, 1, 1):
        notice = latest_notice_date(day)
        eve = day - dt.timedelta(days=1)
        assert _one_month_end(notice + dt.timedelta(days=1)) <= eve
        assert _one_month_end(notice + dt.timedelta(days=2)) > eve
        day += dt.timedelta(days=1)


def test_creditor_protection_always_applies_to_both_parties():
    absorbed = creditor_protection("IIJT", dt.date(2010, 4, 1), "absorbed")
    survivor = creditor_protection("IIJ", dt.date(2010, 4, 1), "survivor")
    assert absorbed.applies and survivor.applies
    assert "789" in absorbed.citation and "799" in survivor.citation
    assert absorbed.inputs["latest_notice_date"] == "2010-02-28"
    assert absorbed.inputs["objection_period_ends_by"] == "2010-03-31"
    assert "official gazette" in absorbed.explanation
    assert "known creditor" in absorbed.explanation
    assert "at least one month" in absorbed.explanation


# ------------------------------------------------------------ appraisal rights (arts. 785, 797)


def test_no_appraisal_rights_at_survivor_in_simplified_merger():
    check = appraisal_rights("IIJ", "survivor", True, False)
    assert not check.applies
    assert "797(1) proviso" in check.citation


def test_wholly_owned_absorbed_company_has_no_one_to_exercise():
    check = appraisal_rights("IIJT", "absorbed", False, True, other_party="IIJ",
                             controller_direct_votes=Fraction(1))
    assert not check.applies
    assert "no other shareholder" in check.explanation
    assert "785(2)(ii)" in check.citation


def test_minority_keeps_appraisal_rights_in_short_form():
    check = appraisal_rights("A", "absorbed", False, True, other_party="S",
                             controller_direct_votes=Fraction(19, 20))
    assert check.applies
    assert "5%" in check.explanation
    assert "other than S" in check.explanation


def test_ordinary_merger_gives_dissenters_appraisal_rights():
    check = appraisal_rights("S", "survivor", False, False)
    assert check.applies
    assert "797" in check.citation and "dissent" in check.explanation


# ------------------------------------------------------------ one merger: IIJ 2010


def _iij_checks(**changes):
    votes = {"IIJ": {"IIJT": Fraction(1), "IIJFS": Fraction(1)}}
    args = {
        "surviving": "IIJ", "absorbed": ("IIJT", "IIJFS"), "effective": dt.date(2010, 4, 1),
        "consideration": Consideration(), "survivor_net_assets": YEN("30000000000"), "shares_outstanding": None,
        "merger_loss": False, "direct_votes": votes, "wholly_owned": {"IIJ": wholly_owned_subsidiaries("IIJ", votes)},
    }
    args.update(changes)
    return merger_checks(**args)


def test_iij_merger_checks():
    checks = _iij_checks()
    found = {(c.entity, c.rule): c for c in checks}
    assert len(found) == len(checks) == 9  # no survivor short-form: the absorbed hold no IIJ votes
    assert found[("IIJ", "jp.simplified_merger")].applies
    assert found[("IIJT", "jp.short_form_merger")].applies
    assert found[("IIJFS", "jp.short_form_merger")].applies
    assert all(found[(e, "jp.creditor_protection")].applies for e in ("IIJ", "IIJT", "IIJFS"))
    assert not found[("IIJ", "jp.appraisal_rights")].applies
    assert not found[("IIJT", "jp.appraisal_rights")].applies
    assert not found[("IIJFS", "jp.appraisal_rights")].applies
    assert [(c.entity, c.rule) for c in checks] == [
        ("IIJ", "jp.simplified_merger"),
        ("IIJT", "jp.short_form_merger"), ("IIJFS", "jp.short_form_merger"),
        ("IIJ", "jp.creditor_protection"), ("IIJT", "jp.creditor_protection"),
        ("IIJFS", "jp.creditor_protection"),
        ("IIJ", "jp.appraisal_rights"), ("IIJT", "jp.appraisal_rights"), ("IIJFS", "jp.appraisal_rights"),
    ]
    for c in checks:
        j = c.to_json()
        assert set(j) == {"entity", "rule", "applies", "explanation", "citation", "inputs"}
        assert all(isinstance(v, str) for v in j["inputs"].values())


def test_survivor_short_form_when_absorbed_company_holds_its_votes():
    # reverse merger: A holds 95% of S and merges into it
    votes = {"A": {"S": Fraction(19, 20)}}
    checks = merger_checks("S", ("A",), dt.date(2020, 10, 1), Consideration(), YEN(10**9), None, False,
                           votes, {})
    found = {(c.entity, c.rule): c for c in checks}
    short = found[("S", "jp.short_form_merger")]
    assert short.applies and "796(1)" in short.citation
    assert not found[("A", "jp.short_form_merger")].applies
    # simplified at S already removes its shareholders' appraisal rights
    assert not found[("S", "jp.appraisal_rights")].applies
    assert found[("A", "jp.appraisal_rights")].applies


def test_merger_loss_at_survivor_revives_appraisal_rights():
    checks = _iij_checks(merger_loss=True)
    found = {(c.entity, c.rule): c for c in checks}
    assert not found[("IIJ", "jp.simplified_merger")].applies
    assert found[("IIJ", "jp.appraisal_rights")].applies


def test_legal_check_is_frozen():
    check = creditor_protection("IIJ", dt.date(2010, 4, 1), "survivor")
    assert isinstance(check, LegalCheck)
    with pytest.raises(AttributeError):
        check.applies = False  # type: ignore[misc]
