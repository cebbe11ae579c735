"""The IAS 1 statement set derived from two consolidated positions.

Data flow (docs/architecture.md): ``consolidation`` gives a :class:`ConsolidationResult` per
period; this package reads the result at the period and the one at the prior fiscal year end
(consolidated independently from the same ledger) and derives, without posting anything:

- ``comprehensive_income`` (IAS 1.81A): profit, other comprehensive income (exchange
  differences on translating foreign operations; amounts reclassified to profit on disposal),
  total, each split owners / NCI, natural signs (income positive);
- ``changes_in_equity`` (IAS 1.106): per equity component, opening .. closing;
- ``cash_flows`` (IAS 7, indirect method) with the effect of exchange-rate changes on cash;
- ``comparative``: the prior period's result in the same shape;
- ``notes``: goodwill, NCI and translation-reserve roll-forwards; subsidiaries and associates.

Entry point: :func:`attach` (used by :meth:`renketsu.api.Context.consolidate`).
"""

from .build import Statements, attach, build, prior_year_end

__all__ = ["Statements", "attach", "build", "prior_year_end"]
