"""Write docs/errors.md from the catalogue entries in tests/errors/.

    python tests/errors/make_doc.py            # rewrite docs/errors.md
    python tests/errors/make_doc.py --stdout   # print it (the test compares the two)

The table of kinds is KINDS below; every kind the engine can raise (found by
scanning src/renketsu for string literals such as ``"ledger.bad_amount"`` passed
first to a call) must be described here, or this script fails.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from error_catalogue import HERE, entries

ROOT = HERE.parents[1]
DOC = ROOT / "docs" / "errors.md"
SRC = ROOT / "src" / "renketsu"

#: kind -> (what it means, what to do)
KINDS: dict[str, tuple[str, str]] = {
    "workspace.missing": ("the workspace path is not a folder", "give the path of a workspace folder"),
    "workspace.no_group": ("the folder has no group.yaml", "add group.yaml (docs/format.md §2)"),
    "workspace.entities_twice": ("entities are listed in both group.yaml and entities.csv", "keep one of the two"),
    "workspace.holdings_twice": ("holdings are listed in both group.yaml and holdings.csv", "keep one of the two"),
    "file.encoding": ("a file is not UTF-8 text", "save it as UTF-8"),
    "file.unreadable": ("a file cannot be opened", "check its permissions"),
    "yaml.syntax": ("a YAML file does not parse", "fix the YAML at the line shown"),
    "yaml.duplicate_key": ("the same key appears twice in one YAML mapping", "keep one of them"),
    "yaml.not_mapping": ("group.yaml is not a mapping of keys", "start from the example in docs/format.md §2"),
    "schema.*": (("a key or value does not fit the file's schema; the suffix is pydantic's error type: "
                 "`schema.extra_forbidden` (unknown key; in group.yaml a near miss of an absent key, `entites`, is "
                 "named as a misspelling and read as that key), `schema.missing` (required key absent), "
                 "`schema.literal_error` (value not among the allowed ones), `schema.date_from_datetime_parsing` "
                 "(not a date), `schema.value_error` (not an exact number or ratio; numbers with thousands "
                 "separators such as 10,000 are refused everywhere, as in the ledger), ..."),
                 "fix the key or value named; docs/format.md lists every key"),
    "schema.extra_forbidden": ("a key the file's schema does not know (a misspelling, most often)",
                               "remove it or fix its spelling; docs/format.md lists every key"),
    "schema.list_type": ("`entities`, `accounts` or `holdings` is not a list", "write it as a YAML list"),
    "schema.missing": ("a required key is absent (e.g. `accounts`)", "add it"),
    "schema.events": ("events.yaml has no list under `events`", "put the events in a list under `events:`"),
    "csv.empty": ("a CSV file (or the first sheet of an .xlsx) has no header row", "add the header row"),
    "csv.missing_column": ("a required column is missing from the header", "add it to the header row"),
    "csv.unknown_column": ("the header has a column the format does not know", "remove or rename it"),
    "csv.width": ("a row has more or fewer cells than the header (the message gives both counts)",
                  "check for a stray comma"),
    "csv.quote": ("a quoted value is not closed, so it swallows the line ends after it",
                  "close the quote, or remove it"),
    "xlsx.unreadable": ("an .xlsx file cannot be opened", "save it again from Excel, or export CSV"),
    "duplicate.entity": ("two entities have the same id", "give each entity its own id"),
    "duplicate.account": ("two accounts have the same id", "give each account its own id"),
    "duplicate.event": ("two events have the same id", "give each event its own id"),
    "duplicate.rate": ("the same (currency, date, kind) rate is given twice", "keep one row"),
    "unknown.parent": ("`parent:` is not one of the entities", "fix the id or add the entity"),
    "unknown.entity": (("an entity id (holding, event, fact, ledger row) is not in the group (an entity listed with a "
                       "problem in its own entry still counts as listed)"), "fix the id or add the entity"),
    "unknown.account": ("an account id is not in the group chart", "add it to `accounts`, or map it in the entity's `mapping`"),
    "unknown.partner": ("a ledger row's partner is not an entity", "use an entity id; leave it empty for outside parties"),
    "unknown.role": ("an account has a role the engine does not know", "use one of the roles in docs/format.md §2"),
    "chart.missing_role": ("no account carries a role the engine needs (retained_earnings)", "mark the account with that role"),
    "policy.nci_fair_value_jgaap": ("NCI at fair value was asked for under jgaap", "use proportionate, or framework ifrs"),
    "holding.self": ("an entity holds its own shares as a holding", "remove the holding (treasury shares are not holdings)"),
    "holding.share_range": ("a share or voting fraction is outside [0, 1]", "write fractions, e.g. 0.8 for 80%"),
    "holding.over_100": ("the holders of an entity hold more than 100% in total at some date",
                         "a share is the holder's fraction after the event; check the holders"),
    "holding.before_established": ("a holding is dated before the entity was established", "fix either date"),
    "holding.dilution": ("a holding with dilution: true gives a cost, no equity_at_acquisition (the equity after "
                         "the issue), or a share not below the holder's share before",
                         "remove cost (a dilution has no proceeds), give the lower share after the issue, or remove "
                         "dilution: true"),
    "event.kind": ("an event's kind is not merger, acquisition or disposal", "use one of those kinds (docs/format.md §6)"),
    "event.merger_self": ("a merger's surviving company is also among the absorbed", "remove it from `absorbed`"),
    "event.share_sold": ("a disposal's share_sold is outside (0, 1]", "give the fraction of the entity sold"),
    "fact.period": ("a fact's period_start is after its as_of", "swap or fix the dates"),
    "ic_stock.margin": ("an unrealised-profit margin is outside [0, 1)", "write the margin as a fraction, e.g. 0.2"),
    "rate.not_positive": ("an exchange rate is zero or negative", "fix the rate"),
    "opening.date": ("opening.csv rows at different dates, or a start date that is not a fiscal year end",
                     "write one start date, a fiscal year end, on every row"),
    "opening.unknown_entity": ("opening.csv names an entity or holder the group does not have", "fix the id"),
    "opening.unknown_account": ("an equity row of opening.csv names an account not in the chart", "fix the account id"),
    "opening.unknown_holder": ("an opening amount names a holder that is not a group holder of the entity then, or "
                               "omits it where there are several", "write the holder's id"),
    "opening.not_held": ("opening.csv lists an entity that is not a subsidiary or associate at the start date",
                         "remove its rows or fix the holdings"),
    "opening.item": ("an opening item that does not fit the entity or its columns", "use the entity's items "
                     "(docs/format.md \"Extension: opening.csv\")"),
    "opening.duplicate": ("an opening amount is given twice", "keep one row"),
    "opening.missing": ("a subsidiary or associate at the start date lacks an opening amount it needs",
                        "add the row the message shows"),
    "opening.holding_after_start": ("a holding changes after the start date in an entity of opening.csv "
                                    "(not supported yet)", "move the start date or consolidate from full history"),
    "opening.start_not_period": ("the start date of opening.csv is not a period of the ledger",
                                 "add the trial balances at the start date"),
    "opening.no_trial_balance": ("the ledger lacks an entity's trial balance at the start date of opening.csv",
                                 "add its rows at that date"),
    "opening.before_start": ("a period whose fiscal year does not begin after the start date of opening.csv",
                             "consolidate a later period"),
    "opening.export_inexact": ("`--export-opening`: a figure of the position is not an exact decimal of at most 6 "
                               "places", "write that row by hand with the amount the books carry"),
    "opening.export_from_opening": ("`--export-opening` on a workspace that already starts from opening.csv",
                                    "export from the workspace with full history"),
    "rate.missing": ("consolidation needs a rate that rates.csv does not hold", "add the row the message shows"),
    "ledger.none": ("ledger/ holds no .csv or .xlsx file", "add trial balances (docs/format.md §3)"),
    "ledger.missing_value": ("a ledger row lacks entity, period, account or amount (the message names the empty cells)",
                             "fill in the cell"),
    "ledger.bad_amount": ("an amount is not a decimal number", "write amounts like -1234.50, without thousands separators"),
    "ledger.too_many_decimals": ("an amount has more than 6 decimal places", "round it in the source system"),
    "ledger.bad_period": ("a period is not a date", "write YYYY-MM-DD"),
    "ledger.bad_date": ("a row's transaction date is not a date", "write YYYY-MM-DD or leave it empty"),
    "ledger.unmapped": ("a local account of an entity with a `mapping` is not mapped", "add it to the entity's mapping"),
    "ledger.unbalanced": (("an entity's trial balance at a period does not sum to zero (the message says by how much); "
                          "not checked for an entity-period with an unreadable row, whose problem is reported instead"),
                          "find the missing or mistyped row"),
    "consolidation.no_trial_balance": ("an entity to consolidate has no trial balance at the period",
                                       "add its rows for that period, or check --period"),
    "consolidation.no_trial_balance_before_control": (
        "control or influence began inside the fiscal year and the ledger lacks the day-before trial balance",
        "add the entity's rows at that date (docs/format.md §10.4)"),
    "adjustment.unknown_entity": ("an adjustments.csv row names an entity the group does not have",
                                  "add it to entities in group.yaml or fix the id"),
    "adjustment.unknown_account": ("an adjustments.csv row names an account the group chart does not have",
                                   "use an account id of group.yaml"),
    "adjustment.unknown_partner": ("an adjustments.csv partner is not an entity", "give an entity id, or leave it empty"),
    "adjustment.too_many_decimals": ("an adjustment amount has more decimals than amounts are booked with",
                                     "round it to policies.decimals"),
    "adjustment.unbalanced": ("the rows of one adjustment id do not sum to zero", "debit positive, credit negative"),
    "adjustment.mixed_periods": ("the rows of one adjustment id have different periods", "give each period its own id"),
    "adjustment.mixed_reverses": ("the rows of one adjustment id name different reversed ids",
                                  "give the same reverses on every row"),
    "adjustment.reverses_unknown": ("reverses names no other adjustment", "name the id reversed"),
    "adjustment.reverses_later": ("a reversal is not in a later period than the adjustment it reverses",
                                  "book the reversal in a later period"),
    "adjustment.reversed_twice": ("two adjustments reverse the same one", "keep one reversal"),
    "adjustment.reversal_mismatch": ("a reversal does not mirror the adjustment it reverses",
                                     "the same entity, account and partner lines with the opposite amounts"),
    "adjustment.unknown_period": ("an adjustment's period is not a period of the ledger",
                                  "use the period end date of a trial balance"),
    "adjustment.entity_not_consolidated": ("an adjustment is booked on an entity not consolidated at its period",
                                           "book it on the parent or a full subsidiary"),
    "deconsolidation.no_position": ("a subsidiary sold inside the year has no trial balance the day before the sale "
                                    "(its income to the sale)", "add its rows with that period to ledger/"),
    "deconsolidation.holder_goodwill_moved": ("the year a subsidiary is sold, a holder with NCI of its own that stays had "
                                              "goodwill in it amortised (jgaap) and its NCI ratio changed since control: "
                                              "its NCI's share of the amortisation to the sale is not split at each ratio yet",
                                              "consolidate a period before the sale, or one after its fiscal year"),
    "deconsolidation.retained_interest": ("a group company keeps shares of a subsidiary after losing control of it "
                                          "inside the year in a way not consolidated yet: kept by "
                                          "another group company without its holding row of that day, or with NCI "
                                          "of its own (in it or the seller) in another currency, after a "
                                          "change of holding since control or with a sub-group, a seller with "
                                          "NCI of its own whose holdings changed since control when "
                                          "the entity's NCI is at fair value (but after one purchase, ifrs, in "
                                          "the reporting currency), a sub-group leaves with "
                                          "it or another holder of it has NCI, a "
                                          "sub-group leaving with it held from outside it or changed after the "
                                          "sale, or in another currency than an entity booking in the reporting "
                                          "currency and kept with significant influence, or a later change of that "
                                          "holding in the year other than a further sale by the seller keeping "
                                          "significant influence (ifrs, or jgaap with part kept; a seller in "
                                          "another currency or with a sub-group leaving: ifrs, part kept, wholly "
                                          "owned) or a purchase keeping it an associate (ifrs, in the reporting "
                                          "currency), control obtained again after losing it in the year, or the "
                                          "years after such a further sale "
                                          "(an interest kept by the seller is consolidated: with significant "
                                          "influence ifrs at fair value, jgaap at its carrying amount, with a "
                                          "sub-group as the entity's consolidated figures, a sub-group entity in "
                                          "another currency translated into the entity's; below it, in any seller "
                                          "currency, by a seller with NCI of its own and with a sub-group, ifrs at "
                                          "fair value, jgaap at cost)",
                                          "consolidate a period before the sale, or simulate the disposal"),
    "equity_method.partial_disposal": ("part of an associate that was never a subsidiary is sold keeping significant "
                                       "influence in a way not consolidated yet, or the whole or the rest of it is "
                                       "sold (share 0) beyond the cases docs/consolidation.md \"An associate sold "
                                       "whole\" lists (consolidated: dividends declared before the sale, purchases "
                                       "and sales of part earlier that year, the rest a year after part, a foreign "
                                       "associate, a holder in another currency, jgaap with goodwill; a-35 to a-41) "
                                       "(part sold, consolidated: any holder and "
                                       "currency, the sales with their proceeds, dividends, purchases under ifrs, "
                                       "an associate's own issue in its year; the years after a sale, with purchases since influence began as the docs "
                                       "list, without a later change)",
                                       "consolidate a period before the sale; a sale without proceeds: add them as "
                                       "its cost"),
    "deconsolidation.not_a_sale": ("a subsidiary stops being controlled inside the year without a change of a group "
                                   "company's holding (a method override), or by a dilution of a foreign subsidiary "
                                   "under jgaap other than with one wholly-owned holder in the reporting currency "
                                   "keeping significant influence, no sub-group and no spot rate of the issue's day "
                                   "other than the day before's closing, of one holding subsidiaries other than "
                                   "under ifrs keeping significant influence by one holder (with NCI of its own only "
                                   "all in the reporting currency) or by several wholly owned in the reporting "
                                   "currency, the sub-group in the entity's currency, with proportionate NCI, or of "
                                   "one held by several group companies not each diluted alike by its row, wholly "
                                   "owned and in the reporting currency (not consolidated yet)",
                                   "give the sale as a holding event with share 0, or the dilution as the holder's "
                                   "lower share with dilution: true"),
    "deconsolidation.dilution_without_control": ("a holding with dilution: true of an entity the group did not "
                                                 "control the day before (an associate's dilution, consolidated "
                                                 "only under ifrs for an associate never a subsidiary keeping "
                                                 "influence)", "consolidate a period before the dilution"),
    "deconsolidation.dilution_keeps_control": ("a holding with dilution: true after which the group still controls "
                                               "the entity, with NCI at fair value of a foreign entity whose "
                                               "holding changed before the issue, of an entity holding subsidiaries "
                                               "with NCI at fair value held by several group companies or booking "
                                               "in another currency, with fair-value NCI below it, in two "
                                               "currencies, or foreign and held by several group companies, a "
                                               "holder with NCI of its own in another currency, or of one held by "
                                               "several group companies that do not each give their row of the day "
                                               "diluted alike (not consolidated yet; the others are)",
                                               "consolidate a period before the dilution"),
    "consolidation.dilution_issue": ("a dilution keeping control whose equity_at_acquisition less the day before's "
                                     "net assets is not the change of the entity's capital accounts (the issue), or, "
                                     "for an entity booking in another currency, whose ledger does not date the "
                                     "issue's rows the day of the issue",
                                     "give the entity's equity right after the issue by account, its retained "
                                     "earnings those of the day before with the profit to that day; date the "
                                     "issue's rows in the ledger"),
    "deconsolidation.several_sellers": ("several group companies sell the same subsidiary on one day inside the "
                                        "year and one of them keeps an interest, the group keeps shares, or a "
                                        "seller has NCI of its own in a way not consolidated yet (selling out "
                                        "together is; an interest kept, with or below significant influence, by a "
                                        "seller in any currency is (with NCI of its own: in the reporting currency, "
                                        "under jgaap at one price a share; jgaap: the subsidiary in the reporting "
                                        "currency too); with "
                                        "sellers having NCI of their own: the subsidiary alone, each seller's "
                                        "goodwill in proportion to its shares or, the subsidiary in the reporting "
                                        "currency, its own, read from one purchase on the control date)",
                                        "consolidate a period before the sale, or simulate each sale"),
    "deconsolidation.no_retained_fair_value": (("under ifrs an interest kept with significant influence after "
                                                "losing control has no retained_fair_value on its holding "
                                                "(IFRS 10.25(b), B98(b)(iii))"),
                                               "add retained_fair_value to the holding dated the sale, in the "
                                               "holder's currency"),
    "deconsolidation.sale_day_rate": ("a seller booking in another currency sells a subsidiary on a day whose spot "
                                      "rate in rates.csv differs from the closing rate of the day before (the proceeds "
                                      "at the sale day's own rate are not modelled yet)",
                                      "give the sale day's spot rate as the day before's closing rate, or consolidate "
                                      "a period before the sale"),
    "deconsolidation.intragroup_with_leaving": ("a subsidiary sold inside the year has income or expense with a "
                                                "group company, to the sale, and that company has no row of the "
                                                "opposite type with it as partner to eliminate it against, or "
                                                "several that add up to more (which part is to the sale is not "
                                                "known); or the company became a group company after the "
                                                "subsidiary's control and the subsidiary's trial balance of the day "
                                                "before is missing; or a dividend before a sale keeping influence",
                                                "give the other company's side the leaving entity as partner (what "
                                                "it booked after the sale without it), or add the trial balance "
                                                "named"),
    "deconsolidation.intragroup_stock_with_leaving": ("ic_stock.csv puts goods between a subsidiary sold inside the "
                                                      "year and a group company that stays in stock on a date of the "
                                                      "year before the sale (or at the previous year end, with a "
                                                      "company that does not hold it or when it stays an associate): "
                                                      "not consolidated yet",
                                                      "remove the row and book its effect as a top-side adjustment "
                                                      "of the staying company, or consolidate a period before the "
                                                      "sale"),
    "deconsolidation.no_proceeds": ("the holding event of a sale inside the year gives no cost (the proceeds)",
                                    "add cost: the proceeds, in the seller's currency"),
    "consolidation.reattributed_reserve": ("an NCI ratio changed keeping control where part of the translation "
                                           "reserve to re-attribute on the day (IAS 21.48C) is not measured: "
                                           "exchange differences on goodwill, associates or a sale attributed to the "
                                           "entity, or the NCI's own goodwill bought by a holder with NCI of its own",
                                           "consolidate a period end before the change"),
    "consolidation.no_period": ("the ledger holds no trial balance at the period asked for",
                                "check --period, or add that period to ledger/"),
    "consolidation.no_trial_balance_before_change": (
        "a holding changed inside the fiscal year and the ledger lacks the entity's day-before trial balance",
        "add the entity's rows at that date (docs/format.md §10.4)"),
    "consolidation.no_equity_at_acquisition": ("the equity of an entity at acquisition is unknown",
                                               "give equity_at_acquisition, or the day-before trial balance"),
    "consolidation.no_cost": ("a holding event that changes control or the holding has no cost", "add cost"),
    "consolidation.nci_goodwill_amortisation": ("NCI at fair value (their own goodwill) with goodwill_amortisation_years "
                                                 "set: the amortisation of the NCI's goodwill is not modelled",
                                                 "measure the NCI proportionately, or remove goodwill_amortisation_years "
                                                 "under ifrs"),
    "consolidation.no_nci_fair_value": ("NCI at fair value without nci_fair_value", "add nci_fair_value to the holding"),
    "translation.parent_currency": ("the parent's currency is not the reporting currency", "set reporting_currency to it"),
    "translation.history_missing": ("historical-rate translation needs earlier periods' trial balances",
                                    "add those periods to ledger/"),
    "simulate.unknown_event": ("`simulate --event` names no event of events.yaml", "pass one of the event ids"),
    "simulate.currency": (("a merger of sister companies in another currency than the reporting one that is not "
                           "simulated yet: a survivor or sister holder the group owns in part, except a merger "
                           "inside such a holder's wholly-owned sub-group, or a business moving from its single such "
                           "holder to a wholly-owned survivor for cash or nothing, or a survivor with outside "
                           "shareholders of its own absorbing one sister the group wholly owns; the absorbed company's outside "
                           "shareholders receiving shares of a survivor other than the parent, except for new shares "
                           "(with or without cash) of a survivor with shares_outstanding, wholly owned and holding "
                           "subsidiaries only inside its own sub-group or held by wholly-owned companies and its own "
                           "outside shareholders and holding none, from absorbed companies each held through "
                           "wholly-owned companies, holding none, without NCI goodwill; the absorbed company "
                           "holding an interest it kept on losing control, or "
                           "its outside shareholders, NCI at fair value, bought out in another currency, or "
                           "carrying its shares of a subsidiary or associate at other than cost in another currency "
                           "than the survivor's"),
                          "consolidate the group as the merger leaves it, with its position that day in opening.csv"),
    "simulate.new_shares": (("a merger, in any currency, whose absorbed company's outside shareholders receive new "
                             "shares of a survivor other than the parent outside the case simulated (absorbed "
                             "companies each held through wholly-owned companies, holding none, without NCI goodwill, into a "
                             "survivor with shares_outstanding, wholly owned or held by wholly-owned companies and "
                             "its own outside shareholders)"),
                            "consolidate the group as the merger leaves it, with its position that day in opening.csv"),
    "simulate.no_cost": ("an acquisition event has no cost", "add cost: the consideration paid, in the holder's currency"),
    "simulate.sell_more_than_held": ("a disposal sells more of the entity than the holder holds on that day",
                                     "share_sold is a fraction of the entity's shares, at most what is held"),
    "simulate.no_retained_fair_value": (("under ifrs a disposal that loses control keeps an interest without "
                                        "retained_fair_value (IFRS 10.B98)"), "add retained_fair_value to the event"),
    "simulate.no_previously_held_fair_value": (("an acquisition gives control over an entity the holder already held "
                                                "shares of, without previously_held_fair_value (IFRS 3.42)"),
                                               "add previously_held_fair_value to the event"),
    "cli.output_failed": ("the --output file could not be written (no space, no permission)",
                          "check the path and the free space"),
    "cli.output_in_workspace": ("--output points inside the workspace, where it would be read as input",
                                "write the output outside the workspace folder"),
    "cli.output_not_file": ("--output names a folder or a device, or a path under a file", "give a file path"),
    "csv.duplicate_column": ("a column appears twice in a header row", "keep one of each"),
    "db.not_a_file": ("--db names a folder", "give the path of a DuckDB file"),
    "db.unusable": ("--db names a file that is not a DuckDB database, or one another process holds",
                    "give a new file path"),
    "event.absorbed_twice": ("a merger lists an absorbed company twice", "list each once"),
    "event.allotment": (("a merger of several absorbed companies has a consideration but no allotment saying what "
                         "each one's shareholders receive, or an allotment naming other companies or not adding up "
                         "to the consideration"),
                        "give allotment one entry per absorbed company, adding up to consideration key by key"),
    "event.absorbs_parent": ("a merger absorbs the group's parent (a reverse merger)",
                             "make the parent the survivor, or model the group after the event"),
    "generate.out_dir": ("`generate`'s folder cannot be made (it names a file)", "give a folder path"),
    "ledger.not_a_file": ("an entry of ledger/ named .csv or .xlsx is a folder or a broken link",
                          "remove or rename it"),
    "ledger.exponent_amount": ("an amount is written in exponent form (1e25, 1.5E3)",
                                "write the number with all its digits"),
    "ledger.date_range": ("a period or row date lies outside the years 1000 to 9998", "write the real date"),
    "ledger.no_rows": ("the files of ledger/ hold a header and no rows", "add the trial balance rows"),
    "ledger.overflow": ("the amounts of an entity-period sum past what DECIMAL(38, 6) holds",
                        "check for a mistyped amount"),
    "xlsx.no_sheet": ("an .xlsx file has no worksheet", "put the trial balance on the first sheet"),
    "xlsx.formula": ("a ledger cell of an .xlsx holds a formula, not a value", "paste the values"),
    "parquet.unreadable": ("a Parquet ledger file cannot be read", "write it again with a Parquet writer"),
    "db.inside_workspace": ("--db names a file inside the workspace (group.yaml, a ledger file, ...)",
                            "keep the database outside the workspace folder"),
    "ownership.imprecise": (("a mutual-holding component above 64 entities whose effective interests cannot be "
                             "bounded to 40 decimals (nearly all held within itself)"), "check the cross-holdings"),
    "ledger.too_large": ("an amount has more than 24 digits before the decimal point",
                         "amounts are limited so that sums stay exact in DECIMAL(38, 6)"),
    "policy.range": ("control_threshold or significant_influence outside their range",
                     "0 < significant_influence <= control_threshold < 1"),
    "simulate.merger_outside_group": ("a merger's survivor or absorbed company is not controlled by the group",
                                      "model the purchase first as an acquisition, or check the holdings"),
    "simulate.no_position": ("the ledger lacks the trial balances of the day before the event", "add them"),
    "cli.bad_date": ("a date option (--period, --date) is not a date (YYYY-MM-DD only: no week dates, no 20100331)",
                     "write YYYY-MM-DD"),
    "file.not_regular": (("a workspace file is a folder, a FIFO, a device (a link to /dev/zero), a socket or a broken "
                          "link: it is never read"), "replace it by a regular file, or remove it"),
    "file.too_large": ("a workspace file is larger than the limit (1 GiB)", "split the data, or check the file"),
    "csv.cell_too_large": ("a CSV cell is longer than 131,072 characters (Python csv's field limit)",
                           "check for an unclosed quote above, or a file that is not CSV"),
    "csv.malformed": ("the CSV reader cannot go on (a file that is not CSV)", "check the file"),
    "csv.nul": ("a CSV row holds a NUL byte (a binary file, or text saved as UTF-16)", "save the file as UTF-8 text"),
    "holding.votes_without_shares": (("a holding gives share 0 with voting above 0: a share of 0 ends the holding, so "
                                      "its votes would be dropped silently"),
                                     "give the share held; for control by agreement use a method override"),
    "holding.closed_cycle": (("entities hold 100% of each other with no holder outside them: the cross-holding has no "
                              "solution"), "check the shares of those holdings"),
    "cli.format": ("a command does not offer the --format asked for", "use one of the formats it lists"),
    "cli.no_output": ("--format xlsx without --output", "add --output FILE.xlsx"),
    "cli.silence": ("a --silence option is not RULE[:ENTITY[:ACCOUNT]] of a known warning rule", "see docs/reports.md"),
}

_KIND_LITERAL = re.compile(r'\(\s*f?"([a-z_]+\.[a-z_0-9]+)"')
_NOT_KINDS = re.compile(r"\.(yaml|csv|xlsx|md|json|html|txt|py|svg|png)$|^renketsu\.")


def engine_kinds() -> set[str]:
    """Kinds the engine raises, found in its source (``schema.<type>`` is a family: see ``schema.*``)."""
    found = set()
    for path in SRC.rglob("*.py"):
        for k in _KIND_LITERAL.findall(path.read_text(encoding="utf-8")):
            if not _NOT_KINDS.search(k):
                found.add(k)
    return found


def render() -> str:
    missing = sorted(engine_kinds() - set(KINDS))
    if missing:
        raise SystemExit(f"make_doc.py: describe these kinds in KINDS: {', '.join(missing)}")
    out = [
        "# Error catalogue",
        "",
        "<!-- Generated by tests/errors/make_doc.py from tests/errors/*/: do not edit by hand. -->",
        "",
        "When a workspace has mistakes, renketsu lists every problem it found, one per line, and exits with",
        "status 2 without writing anything:",
        "",
        "```",
        "error FILE:ROW: KEY: what is wrong (what to do)",
        "N problems found.",
        "```",
        "",
        "Problems are listed file by file, and by row inside a file.",
        "",
        "`FILE` is the path as you gave it; `ROW` is the 1-based line of a CSV or YAML file (the header of a",
        "CSV is line 1); `KEY` locates a value inside a YAML file (`holdings[0].date`). Each problem has a",
        "stable *kind* (below). Validation collects problems from every file before reporting, so one run",
        "shows all of them. `renketsu validate` also makes every input check a command would make: it",
        "consolidates at each fiscal year end where the parent has a trial balance and simulates every event,",
        "so a workspace that validates is accepted by `consolidate` and `simulate`.",
        "",
        "Numbers are read the same way in every file: plain digits with an optional sign and decimal point",
        "(no exponent form, no `_` or `,` separators, no full-width digits, no NaN or infinity); amounts have",
        "at most 24 digits before the point and 6 after, ratios, rates and fact values 24 and 18. Dates are",
        "`YYYY-MM-DD`, from 1000-01-01 to 9998-12-31. A workspace file must be a regular file of at most 1 GiB.",
        "",
        "## Kinds",
        "",
        "| kind | means | what to do |",
        "|---|---|---|",
    ]
    for kind, (means, todo) in sorted(KINDS.items()):
        out.append(f"| `{kind}` | {means} | {todo} |")
    es = entries()
    known = [e for e in es if e.xfail]
    out += [
        "",
        "## Catalogue",
        "",
        "Each entry below is a test: `tests/errors/<entry>/workspace` is a small valid workspace (the 80%",
        "subsidiary of `cases/c03`) with one mistake, and the output shown is exactly what",
        "`renketsu <command> workspace` prints on stderr, run from the entry's folder.",
        f"{len(es)} entries; {len(known)} are marked *known issue*: the output shown is today's, and the",
        "note says what it should be.",
        "",
    ]
    for e in es:
        out.append(f"- [{e.name}](#{e.name}): {e.title}" + (" *(known issue)*" if e.xfail else ""))
    for e in es:
        golden = e.expected_file.read_text(encoding="utf-8") if e.expected_file.is_file() else ""
        out += ["", f"### {e.name}", "", f"{e.title[0].upper()}{e.title[1:]}.", "",
                f"`renketsu {' '.join(e.args)}` exits {e.expect_exit}:", "", "```", golden.rstrip("\n"), "```"]
        if e.xfail:
            out += ["", f"**Known issue:** {e.xfail.rstrip('.')}."]
    return "\n".join(out) + "\n"


def main() -> None:
    text = render()
    if "--stdout" in sys.argv[1:]:
        sys.stdout.write(text)
    else:
        DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
