"""Companies Act checks for an absorption-type merger (吸収合併), as pure functions.

Map of the module::

    LegalCheck ..................... one answer: entity, rule id, applies, explanation,
                                     citation, inputs (exact strings)
    simplified_merger .............. jp.simplified_merger    art. 796(2); Ordinance arts. 25, 196
    short_form_merger .............. jp.short_form_merger    art. 784(1) absorbed / 796(1) survivor
      votes_of_special_controller .. votes of the other party + its wholly-owned subsidiaries
      wholly_owned_subsidiaries .... Ordinance art. 136 chains, from a map of shareholdings
    creditor_protection ............ jp.creditor_protection  art. 789 absorbed / 799 survivor
      latest_notice_date ........... Civil Code arts. 140, 143 month arithmetic
    appraisal_rights ............... jp.appraisal_rights     art. 785 absorbed / 797 survivor
    merger_checks .................. the list for one merger: survivor S, absorbed A1..An

"Companies Act" is 会社法 (Act No. 86 of 2005); "Ordinance" is the Ordinance for
Enforcement of the Companies Act (会社法施行規則). Every number is a ``Decimal`` or a
``Fraction``; comparisons are exact. The functions never print and never read
files: the caller (the simulation) computes net assets, votes and merger losses
from the workspace and passes them in. docs/legal-checks.md states each rule, its
inputs and the choices made here.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import (
    NotExact,
    book,
    fraction_to_decimal,
    money_str,
    ratio_str,
)
from renketsu.model.types import Consideration, Source

Role = Literal["absorbed", "survivor"]

SIMPLIFIED_MERGER = "jp.simplified_merger"
SHORT_FORM_MERGER = "jp.short_form_merger"
CREDITOR_PROTECTION = "jp.creditor_protection"
APPRAISAL_RIGHTS = "jp.appraisal_rights"

#: Ordinance art. 196: net assets for the 1/5 test are at least ¥5,000,000.
NET_ASSETS_FLOOR = Decimal(5_000_000)
#: Art. 796(2)(ii): one fifth, unless the articles of incorporation set a smaller proportion.
SIMPLIFIED_RATIO = Fraction(1, 5)
#: Art. 468(1): nine tenths, unless the articles of incorporation set a higher proportion.
SPECIAL_CONTROL_RATIO = Fraction(9, 10)


@dataclass(frozen=True, slots=True)
class LegalCheck:
    """The answer of one Companies Act test for one company of the merger (docs/format.md §9 ``legal``)."""

    #: The company the rule is about (a workspace entity id).
    entity: str
    #: Stable rule id, e.g. ``jp.simplified_merger``.
    rule: str
    #: True when the rule's condition holds (for appraisal rights: when some shareholder holds them).
    applies: bool
    #: One or two sentences an analyst would write: the figures, the test, the consequence.
    explanation: str
    #: The articles the test rests on, e.g. ``Companies Act art. 796(2); Ordinance art. 196``.
    citation: str
    #: Every input and intermediate figure of the test, as exact strings (decimals or ``a/b``).
    inputs: dict[str, str]

    def to_json(self) -> dict[str, object]:
        """The docs/format.md §9 ``legal`` item."""
        return {
            "entity": self.entity,
            "rule": self.rule,
            "applies": self.applies,
            "explanation": self.explanation,
            "citation": self.citation,
            "inputs": dict(self.inputs),
        }


@dataclass(frozen=True, slots=True)
class YenReading:
    """How a company booking in another currency than yen reads the Act's yen amounts: one unit of
    ``currency`` is ``rate`` yen, the closing rate of ``date`` (the position date of the simulation)."""

    currency: str
    rate: Fraction
    date: dt.date

    def local(self, yen: Fraction | Decimal | int) -> Fraction:
        """A yen amount in the company's currency."""
        return Fraction(yen) / self.rate

    def text(self) -> str:
        return f"the closing rate of {self.date} (1 {self.currency} = {_yen(self.rate)})"


# ---------------------------------------------------------------- formatting


def _exact(value: Fraction | Decimal | int) -> str:
    """An exact string: a plain decimal where it terminates, else ``a/b``."""
    if isinstance(value, Decimal):
        return money_str(value)
    return ratio_str(Fraction(value))


def _yen(value: Fraction | Decimal | int) -> str:
    """``¥1,234,567`` (exact); a non-terminating amount shows as a fraction of yen."""
    return _money(value, "JPY")


def _money(value: Fraction | Decimal | int, currency: str) -> str:
    """An amount in ``currency`` for prose: ``¥1,234,567`` for yen, ``USD 1,234.5`` otherwise (exact);
    a non-terminating amount shows as about its value to 2 places and exactly as a fraction."""
    f = Fraction(value)
    try:
        d = fraction_to_decimal(f)
    except NotExact:
        return f"about {_money(book(f, 2), currency)} (exactly {f.numerator}/{f.denominator})"
    text = money_str(d)
    sign = "-" if text.startswith("-") else ""
    whole, _, frac = text.lstrip("-").partition(".")
    unit = "¥" if currency == "JPY" else f"{currency} "
    return f"{sign}{unit}{int(whole):,}" + (f".{frac}" if frac else "")


def _share(value: Fraction) -> str:
    """A voting share for prose: ``90%``, ``89.9%``, or ``2/3`` when the percentage does not terminate."""
    try:
        pct = fraction_to_decimal(value * 100)
    except NotExact:
        return f"{value.numerator}/{value.denominator}"
    return f"{money_str(pct)}%"


# ---------------------------------------------------------------- art. 796(2)


def simplified_merger(
    survivor: str,
    survivor_net_assets: Decimal,
    shares_outstanding: int | None,
    consideration: Consideration,
    other_property_book_value: Decimal = Decimal(0),
    merger_loss: bool = False,
    *,
    limit_ratio: Fraction = SIMPLIFIED_RATIO,
    source: Source | None = None,
    reading: YenReading | None = None,
) -> LegalCheck:
    """Art. 796(2): may the survivor skip its shareholders' meeting because the consideration is small?

    ``survivor_net_assets`` is the survivor's closed equity as Ordinance art. 196
    counts it (share capital, capital surplus and legal reserves, retained
    earnings, valuation and translation differences, share options, less
    treasury shares). ``shares_outstanding`` excludes treasury shares (the
    denominator of net assets per share, Ordinance art. 25). The consideration's
    value is ``shares_issued`` × net assets per share (exact) + ``cash`` +
    ``other_property_book_value`` (bonds, share options and any other property,
    at book value; cash is taken from ``consideration``, not repeated here).

    Applies when that value ≤ max(net assets, ¥5,000,000) × ``limit_ratio`` (1/5,
    or the smaller proportion in the articles) and the merger gives the survivor
    no merger loss (art. 795(2), the proviso of art. 796(2)).

    A survivor booking in another currency gives its net assets and the consideration in that
    currency and a ``reading``: the ¥5,000,000 floor is read in its currency at the stated rate, and
    the explanation says which rate, which date and the amount in its currency.

    >>> from renketsu.model.types import Consideration
    >>> simplified_merger("IIJ", Decimal(1_000_000), None, Consideration(cash=Decimal(1_000_000))).applies
    True
    """
    shares_issued = consideration.shares_issued
    net_assets = Fraction(survivor_net_assets)
    inputs: dict[str, str] = {
        "net_assets": _exact(survivor_net_assets),
        "shares_outstanding": "" if shares_outstanding is None else str(shares_outstanding),
        "shares_issued": str(shares_issued),
    }
    if shares_issued > 0:
        if shares_outstanding is None:
            raise RenketsuError(Problem(
                "missing_shares_outstanding",
                f"{survivor} issues {shares_issued:,} new shares in the merger, so the simplified-merger "
                f"test (Companies Act art. 796(2)) needs {survivor}'s shares outstanding to value them "
                "at net assets per share (Ordinance art. 25)",
                source,
                f"add `shares_outstanding` (issued shares less treasury shares) to entity {survivor} "
                "in group.yaml (or entities.csv)",
            ))
        if shares_outstanding <= 0:
            raise RenketsuError(Problem(
                "invalid_shares_outstanding",
                f"{survivor} has shares_outstanding {shares_outstanding}; net assets per share "
                "needs a positive number of shares",
                source,
                f"set `shares_outstanding` of entity {survivor} in group.yaml to the number of issued "
                "shares less treasury shares",
            ))
        per_share = net_assets / shares_outstanding
    else:
        per_share = net_assets / shares_outstanding if shares_outstanding else Fraction(0)
    share_value = shares_issued * per_share
    cash = Fraction(consideration.cash)
    other = Fraction(other_property_book_value)
    total = share_value + cash + other
    cur = reading.currency if reading is not None else "JPY"
    floor = reading.local(NET_ASSETS_FLOOR) if reading is not None else Fraction(NET_ASSETS_FLOOR)
    base = max(net_assets, floor)
    limit = base * limit_ratio
    small = total <= limit
    applies = small and not merger_loss
    inputs.update({
        "net_assets_per_share": _exact(per_share) if shares_outstanding else "",
        "shares_value": _exact(share_value),
        "cash": _exact(consideration.cash),
        "other_property_book_value": _exact(other_property_book_value),
        "consideration_value": _exact(total),
        "net_assets_for_test": _exact(base),
        "limit_ratio": f"{limit_ratio.numerator}/{limit_ratio.denominator}",
        "limit": _exact(limit),
        "merger_loss": "true" if merger_loss else "false",
    })
    if reading is not None:
        inputs.update({"currency": reading.currency, "yen_per_unit": _exact(reading.rate),
                       "rate_date": reading.date.isoformat(), "floor_yen": _exact(NET_ASSETS_FLOOR),
                       "floor": _exact(floor)})

    def m(x: Fraction | Decimal | int) -> str:
        return _money(x, cur)

    ratio_text = f"{limit_ratio.numerator}/{limit_ratio.denominator}"
    parts = []
    if shares_issued > 0:
        parts.append(f"{shares_issued:,} new shares × net assets per share {m(per_share)}")
    if cash:
        parts.append(f"cash {m(cash)}")
    if other:
        parts.append(f"other property at book value {m(other)}")
    how = f" ({' + '.join(parts)})" if parts else ""
    floor_text = (f"{_yen(NET_ASSETS_FLOOR)}, the floor of Ordinance art. 196" if reading is None else
                  f"{_yen(NET_ASSETS_FLOOR)}, the floor of Ordinance art. 196, which {survivor}, booking in "
                  f"{reading.currency}, reads as {m(floor)} at {reading.text()}")
    if net_assets < floor:
        assets_text = f"{ratio_text} of {floor_text}, since net assets {m(net_assets)} are below it"
    elif reading is not None:
        assets_text = f"{ratio_text} of net assets {m(net_assets)}, above {floor_text}"
    else:
        assets_text = f"{ratio_text} of net assets {m(net_assets)}"
    comparison = "is at most" if small else "exceeds"
    head = (f"consideration {m(total)}{how} {comparison} {assets_text} (limit {m(limit)})" if reading is None else
            f"consideration {m(total)}{how} {comparison} {assets_text}; the limit is {m(limit)}")
    if applies:
        explanation = (f"{head}: no shareholders' meeting at {survivor} (simplified merger); "
                       "a meeting is still needed if shareholders holding the number of shares the "
                       "Ordinance sets object within two weeks of the notice (art. 796(3))")
    elif small:  # blocked only by the merger loss
        explanation = (f"{head}, but the merger gives {survivor} a merger loss (art. 795(2)), so the "
                       f"simplified procedure is not available: {survivor}'s shareholders' meeting must "
                       "approve the merger and the directors must explain the loss")
    elif merger_loss:
        explanation = (f"{head}, and the merger gives {survivor} a merger loss (art. 795(2)): "
                       f"{survivor}'s shareholders' meeting must approve the merger")
    else:
        explanation = f"{head}: {survivor}'s shareholders' meeting must approve the merger (art. 795(1))"
    return LegalCheck(
        entity=survivor,
        rule=SIMPLIFIED_MERGER,
        applies=applies,
        explanation=explanation,
        citation="Companies Act art. 796(2), art. 795(2); Ordinance arts. 25, 196",
        inputs=inputs,
    )


# ---------------------------------------------------------------- arts. 784(1), 796(1)


def wholly_owned_subsidiaries(
    company: str, direct_shares: Mapping[str, Mapping[str, Fraction]]
) -> frozenset[str]:
    """Companies all of whose shares ``company`` holds, alone or with such companies (Ordinance art. 136).

    ``direct_shares[holder][entity]`` is the fraction of ``entity``'s shares
    ``holder`` holds directly. Chains are followed to a fixed point: a company
    owned 60% by ``company`` and 40% by one of its wholly-owned subsidiaries is
    itself wholly owned.

    >>> sorted(wholly_owned_subsidiaries("P", {"P": {"S": Fraction(1), "T": Fraction(3, 5)},
    ...                                        "S": {"T": Fraction(2, 5)}}))
    ['S', 'T']
    """
    owners = {company}
    entities = {e for held in direct_shares.values() for e in held}
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for entity in sorted(entities - found - {company}):
            held = sum((direct_shares.get(o, {}).get(entity, Fraction(0)) for o in owners), Fraction(0))
            if held >= 1:
                found.add(entity)
                owners.add(entity)
                changed = True
    return frozenset(found)


def votes_of_special_controller(
    other_party: str,
    entity: str,
    direct_votes: Mapping[str, Mapping[str, Fraction]],
    wholly_owned: Collection[str],
) -> Fraction:
    """Votes in ``entity`` held by ``other_party`` and its wholly-owned subsidiaries (art. 468(1); Ordinance art. 136).

    ``direct_votes[holder][entity]`` is the fraction of ``entity``'s votes
    ``holder`` holds directly; ``wholly_owned`` is the set of ``other_party``'s
    wholly-owned subsidiaries (see :func:`wholly_owned_subsidiaries`). A common
    parent's votes, or a sister company's, do not count (docs/format.md §10.9).

    >>> votes = {"P": {"A": Fraction(1, 2)}, "S": {"A": Fraction(2, 5)}, "Top": {"A": Fraction(1, 10)}}
    >>> votes_of_special_controller("P", "A", votes, {"S"})
    Fraction(9, 10)
    """
    holders = [other_party, *sorted(set(wholly_owned) - {other_party, entity})]
    return sum((direct_votes.get(h, {}).get(entity, Fraction(0)) for h in holders), Fraction(0))


def short_form_merger(
    entity: str,
    other_party: str,
    votes_held: Fraction,
    role: Role,
    *,
    threshold: Fraction = SPECIAL_CONTROL_RATIO,
) -> LegalCheck:
    """Arts. 784(1) / 796(1): is ``other_party`` a special controlling company of ``entity``?

    ``votes_held`` is the fraction of ``entity``'s votes held by the other party to
    the merger with its wholly-owned subsidiaries (the caller computes it, e.g.
    with :func:`votes_of_special_controller`). ``role`` is ``entity``'s role in the
    merger: art. 784(1) when it is the absorbed company, art. 796(1) when it is the
    survivor. Applies when ``votes_held`` ≥ 9/10 (or the higher ``threshold`` the
    articles set): then ``entity`` needs no shareholders' meeting.
    """
    article = "784(1)" if role == "absorbed" else "796(1)"
    applies = votes_held >= threshold
    held = _share(votes_held)
    bound = _share(threshold)
    who = f"{other_party}, with its wholly-owned subsidiaries,"
    if applies:
        explanation = (f"{who} holds {held} of {entity}'s votes (at least {bound}): {other_party} is "
                       f"{entity}'s special controlling company, so no shareholders' meeting at {entity} "
                       f"(short-form merger, art. {article})")
    else:
        explanation = (f"{who} holds {held} of {entity}'s votes (less than {bound}): not a short-form "
                       f"merger at {entity}; its shareholders' meeting must approve the merger unless "
                       "another exemption applies")
    return LegalCheck(
        entity=entity,
        rule=SHORT_FORM_MERGER,
        applies=applies,
        explanation=explanation,
        citation=f"Companies Act art. {article}, art. 468(1); Ordinance art. 136",
        inputs={
            "role": role,
            "other_party": other_party,
            "votes_held": _exact(votes_held),
            "threshold": _exact(threshold),
        },
    )


# ---------------------------------------------------------------- arts. 789, 799


def _one_month_end(start: dt.date) -> dt.date:
    """Last day of a one-month period whose first day is ``start`` (Civil Code art. 143).

    It ends the day before the day of the next month corresponding to ``start``;
    where that month has no such day, on that month's last day.
    """
    year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return dt.date(year, month, last)
    return dt.date(year, month, start.day) - dt.timedelta(days=1)


def latest_notice_date(effective: dt.date) -> dt.date:
    """The last day notice to creditors can be given so that a one-month objection period ends before ``effective``.

    The period starts the day after the notice (Civil Code art. 140: the first day
    is not counted), runs one calendar month (art. 143) and must have ended by the
    day before the effective date: the merger does not take effect while the absorbed
    company's creditor procedure is unfinished (Companies Act art. 750(6)), and the
    survivor's (art. 799) is run to the same timetable.

    >>> latest_notice_date(dt.date(2010, 4, 1))
    datetime.date(2010, 2, 28)
    >>> latest_notice_date(dt.date(2010, 3, 31))  # Feb 28 + 1 -> Mar 1 would end on Mar 31
    datetime.date(2010, 2, 27)
    """
    deadline = effective - dt.timedelta(days=1)
    start = deadline
    while _one_month_end(start) > deadline:
        start -= dt.timedelta(days=1)
    return start - dt.timedelta(days=1)


def creditor_protection(entity: str, effective: dt.date, role: Role = "absorbed") -> LegalCheck:
    """Arts. 789 (absorbed) / 799 (survivor): creditors may object; always applies to both parties.

    The company gives public notice in the official gazette and individual notice
    to each known creditor (individual notice may be replaced by a further public
    notice in a daily newspaper or electronically, arts. 789(3) / 799(3)), with an
    objection period of at least one month. ``inputs["latest_notice_date"]`` is the
    last day to give notice so that the period ends by the day before ``effective``.
    """
    article = "789" if role == "absorbed" else "799"
    deadline = effective - dt.timedelta(days=1)
    notice = latest_notice_date(effective)
    explanation = (
        f"creditors of {entity} may object to the merger (art. {article}): {entity} must give public "
        "notice in the official gazette and individual notice to each known creditor (the latter may be "
        f"replaced by a newspaper or electronic public notice, art. {article}(3)), with an objection "
        f"period of at least one month that must have ended by {deadline.isoformat()}, the day before "
        f"the effective date {effective.isoformat()}: give both notices by {notice.isoformat()}; "
        "an objecting creditor must be repaid, secured or given a trust unless the merger does not "
        "harm it"
    )
    return LegalCheck(
        entity=entity,
        rule=CREDITOR_PROTECTION,
        applies=True,
        explanation=explanation,
        citation=(f"Companies Act art. {article}" + (", art. 750(6)" if role == "absorbed" else "")
                  + "; Civil Code arts. 140, 143"),
        inputs={
            "role": role,
            "effective": effective.isoformat(),
            "objection_period_ends_by": deadline.isoformat(),
            "latest_notice_date": notice.isoformat(),
        },
    )


# ---------------------------------------------------------------- arts. 785, 797


def appraisal_rights(
    entity: str,
    role: Role,
    simplified: bool,
    short_form_controller: bool,
    *,
    other_party: str | None = None,
    controller_direct_votes: Fraction | None = None,
) -> LegalCheck:
    """Arts. 785 (absorbed) / 797 (survivor): may dissenting shareholders make ``entity`` buy their shares?

    ``simplified``: the survivor uses the simplified procedure (art. 796(2)); then
    its shareholders have no appraisal rights (art. 797(1) proviso). Ignored for
    the absorbed company, which has no simplified procedure. ``short_form_controller``:
    the other party to the merger is ``entity``'s special controlling company
    (art. 784(1) / 796(1)); then every shareholder but that company holds the
    rights (art. 785(2)(ii) / 797(2)(ii)). ``controller_direct_votes`` is the
    fraction of votes that company holds itself: at 1 (wholly owned) nobody is left
    to hold the rights, and the check reports ``applies`` false, saying so.
    """
    article = "785" if role == "absorbed" else "797"
    party = other_party or "the other party to the merger"
    inputs = {
        "role": role,
        "simplified": "true" if simplified else "false",
        "short_form_controller": "true" if short_form_controller else "false",
        "other_party": other_party or "",
        "controller_direct_votes": "" if controller_direct_votes is None else _exact(controller_direct_votes),
    }
    citation = f"Companies Act art. {article}"
    if role == "survivor" and simplified:
        applies = False
        explanation = (f"simplified merger at {entity}: its shareholders have no appraisal rights "
                       "(art. 797(1) proviso)")
        citation += "(1) proviso"
    elif short_form_controller and controller_direct_votes is not None and controller_direct_votes >= 1:
        applies = False
        explanation = (f"{party} holds all of {entity}'s votes and, as the special controlling company, "
                       f"has no appraisal rights itself (art. {article}(2)(ii)): no other shareholder is "
                       "left to hold them")
        citation += "(2)(ii)"
    elif short_form_controller:
        applies = True
        outside = ""
        if controller_direct_votes is not None:
            outside = f" (holding {_share(1 - controller_direct_votes)} of the votes)"
        explanation = (f"short-form merger at {entity}: every shareholder other than {party}{outside} may "
                       f"demand that {entity} buy its shares at a fair price; {party}, the special "
                       f"controlling company, may not (art. {article}(2)(ii))")
        citation += "(1), (2)(ii)"
    else:
        applies = True
        explanation = (f"shareholders of {entity} who give notice of dissent before the shareholders' "
                       "meeting and vote against the merger, and those who cannot vote, may demand that "
                       f"{entity} buy their shares at a fair price (art. {article}(1), (2)(i))")
        citation += "(1), (2)(i)"
    return LegalCheck(entity=entity, rule=APPRAISAL_RIGHTS, applies=applies,
                      explanation=explanation, citation=citation, inputs=inputs)


# ---------------------------------------------------------------- one merger


def merger_checks(
    surviving: str,
    absorbed: Sequence[str],
    effective: dt.date,
    consideration: Consideration,
    survivor_net_assets: Decimal,
    shares_outstanding: int | None,
    merger_loss: bool,
    direct_votes: Mapping[str, Mapping[str, Fraction]],
    wholly_owned: Mapping[str, Collection[str]],
    *,
    other_property_book_value: Decimal = Decimal(0),
    source: Source | None = None,
    reading: YenReading | None = None,
) -> list[LegalCheck]:
    """Every check for a merger of ``absorbed`` into ``surviving``, in a fixed order.

    The list: simplified merger at the survivor; short-form at each absorbed
    company (the survivor as special controlling company), then at the survivor
    when some absorbed company (with its wholly-owned subsidiaries) holds any of
    its votes; creditor protection at the survivor and each absorbed company;
    appraisal rights at the survivor and each absorbed company.

    ``direct_votes[holder][entity]`` are direct voting shares at the day before
    the effective date; ``wholly_owned[company]`` is that company's set of
    wholly-owned subsidiaries (see :func:`wholly_owned_subsidiaries`; a company
    missing from the map has none). The consideration is the event's total for
    all absorbed companies, tested once (see docs/legal-checks.md).
    """
    checks = [simplified_merger(surviving, survivor_net_assets, shares_outstanding, consideration,
                                other_property_book_value, merger_loss, source=source, reading=reading)]
    simplified = checks[0].applies

    absorbed_short: dict[str, LegalCheck] = {}
    for a in absorbed:
        votes = votes_of_special_controller(surviving, a, direct_votes, wholly_owned.get(surviving, ()))
        absorbed_short[a] = short_form_merger(a, surviving, votes, "absorbed")
        checks.append(absorbed_short[a])

    survivor_short: LegalCheck | None = None
    best: tuple[Fraction, str] | None = None
    for a in absorbed:
        votes = votes_of_special_controller(a, surviving, direct_votes, wholly_owned.get(a, ()))
        if votes > 0 and (best is None or votes > best[0]):
            best = (votes, a)
    if best is not None:
        survivor_short = short_form_merger(surviving, best[1], best[0], "survivor")
        checks.append(survivor_short)

    checks.append(creditor_protection(surviving, effective, "survivor"))
    checks.extend(creditor_protection(a, effective, "absorbed") for a in absorbed)

    survivor_controlled = survivor_short is not None and survivor_short.applies
    controller = best[1] if best is not None else None
    checks.append(appraisal_rights(
        surviving, "survivor", simplified, survivor_controlled,
        other_party=controller if survivor_controlled else None,
        controller_direct_votes=(direct_votes.get(controller, {}).get(surviving, Fraction(0))
                                 if survivor_controlled and controller else None),
    ))
    for a in absorbed:
        controlled = absorbed_short[a].applies
        checks.append(appraisal_rights(
            a, "absorbed", False, controlled,
            other_party=surviving,
            controller_direct_votes=direct_votes.get(surviving, {}).get(a, Fraction(0)) if controlled else None,
        ))
    return checks
