"""The bundled example's behaviour: the same checks on the original and on every split of it.

Expected figures are worked out by hand from SAMPLE_CATALOGUE's prices and rules (the arithmetic is
written out), never read back from the code under test.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal as D
from types import ModuleType

import pytest

BROKEN_CATALOGUES = [  # (text, line the error must name, words the message must contain)
    ("[supplier a]\nlead_days = soon\n", 2, "lead_days must be a number"),
    ("name = orphan\n", 1, "before the first [section]"),
    ("[warehouse main]\n", 1, "unknown section kind"),
    ("[supplier a]\nlead_days = 1\nlead_days = 2\n", 3, "given twice"),
    ("[supplier a]\ncolour = red\n", 2, "unknown key 'colour'"),
    ("[supplier a]\njust words\n", 2, "expected 'key = value'"),
    ("[product X!]\n", 1, "not a valid SKU"),
    ("[supplier a]\n\n[product P-1]\nname = p\ncost = 1\nprice = 2\nsupplier = b\n", 3, "unknown supplier 'b'"),
    ("[supplier a]\n[product P-1]\nname = p\nunit = parsec\ncost = 1\nprice = 2\nsupplier = a\n", 2, "unknown unit"),
    ("[rule r]\nkind = lottery\n", 1, "unknown rule kind 'lottery'"),
    ("[rule r]\nkind = percent\npercent = 150\n", 1, "percent must be in (0, 100]"),
    ("[rule r]\nkind = bulk\npercent = 5\n", 1, "missing minimum"),
]


def sample(inventory: ModuleType):
    return inventory.parse_catalogue(inventory.SAMPLE_CATALOGUE, "<sample>")


def ledger(inventory: ModuleType):
    return inventory.StockLedger(sample(inventory), today=inventory._SAMPLE_TODAY)


# ------------------------------------------------------------------ units and catalogue


def test_quantities_convert_within_a_dimension_only(inventory: ModuleType) -> None:
    q = inventory.parse_quantity("2.5 kg")
    assert (q.amount, q.unit) == (D("2.5"), inventory.Unit.KILOGRAM)
    assert q.to(inventory.Unit.GRAM).amount == 2500
    assert inventory.parse_quantity("3 dozen").to(inventory.Unit.EACH).amount == 36
    assert inventory.parse_quantity("4 pcs").unit is inventory.Unit.EACH
    assert inventory.parse_quantity("7", inventory.Unit.METRE).unit is inventory.Unit.METRE
    with pytest.raises(inventory.UnitError, match="cannot convert kg to m"):
        q.to(inventory.Unit.METRE)
    with pytest.raises(inventory.UnitError):
        inventory.parse_quantity("1 furlong")
    assert issubclass(inventory.UnitError, inventory.InventoryError)


def test_the_sample_catalogue_reads_as_written(inventory: ModuleType) -> None:
    catalogue = sample(inventory)
    assert sorted(catalogue.products) == ["BOLT-M6", "GLUE-750", "OAK-27", "OIL-1L", "SCREW-4X40"]
    assert sorted(catalogue.suppliers) == ["fixings", "woodyard"]
    oak = catalogue.product("oak-27")
    assert (oak.unit, oak.category, oak.pack_size) == (inventory.Unit.METRE, inventory.Category.TIMBER, D("2.5"))
    assert oak.margin == (D("31.00") - D("18.40")) / D("31.00")
    assert catalogue.suppliers["woodyard"].lead_days == 10
    assert catalogue.opening_stock["OAK-27"] == D("64.5")
    assert (catalogue.currency, catalogue.tax_rate) == ("EUR", D("0.20"))
    assert [(r.kind, r.name) for r in catalogue.rules] == [
        ("bulk", "trade-bulk"), ("multibuy", "oil-3-for-2"), ("percent", "spring-sale")]
    assert [type(r) for r in catalogue.rules] == [inventory.BulkDiscount, inventory.BuyXGetY, inventory.PercentOff]
    assert isinstance(catalogue.rules[0], inventory.PercentOff)  # bulk is a PercentOff subclass
    assert [p.sku for p in catalogue.by_category()[inventory.Category.HARDWARE]] == ["BOLT-M6", "SCREW-4X40"]


@pytest.mark.parametrize(("text", "line", "words"), BROKEN_CATALOGUES)
def test_catalogue_errors_name_source_and_line(inventory: ModuleType, text: str, line: int, words: str) -> None:
    with pytest.raises(inventory.CatalogueError) as caught:
        inventory.parse_catalogue(text, "shop.ini")
    assert (caught.value.source, caught.value.line) == ("shop.ini", line)
    assert words in caught.value.message
    assert str(caught.value).startswith(f"shop.ini:{line}: ")


def test_toml_catalogue_reads_like_the_ini_one(inventory: ModuleType, tmp_path) -> None:
    toml = tmp_path / "shop.toml"
    toml.write_text(
        '[catalogue]\ncurrency = "gbp"\n'
        '[supplier.mill]\nlead_days = 4\n'
        '[product.PLY-18]\nname = "Plywood 18 mm"\nunit = "m"\ncost = "9.5"\nprice = "15"\n'
        'category = "timber"\nsupplier = "mill"\n'
        '[stock]\nPLY-18 = 12\n'
        '[rule.cheap]\nkind = "fixed"\nprice = "12"\nskus = "PLY-18"\n',
        encoding="utf-8",
    )
    catalogue = inventory.load_catalogue(toml)
    assert catalogue.currency == "GBP"
    assert catalogue.product("PLY-18").price == 15 and catalogue.opening_stock == {"PLY-18": 12}
    assert catalogue.rules[0].to_options() == {"kind": "fixed", "skus": "PLY-18", "price": "12"}
    bad = tmp_path / "bad.toml"
    bad.write_text("[catalogue\n", encoding="utf-8")
    with pytest.raises(inventory.CatalogueError, match=r"bad\.toml"):
        inventory.load_catalogue(bad)
    with pytest.raises(inventory.CatalogueError, match="cannot read"):
        inventory.load_catalogue(tmp_path / "missing.ini")


# ------------------------------------------------------------------ pricing


def test_sample_quote_takes_the_best_rule_per_line(inventory: ModuleType) -> None:
    quote = inventory.PricingEngine(sample(inventory)).quote([("BOLT-M6", 600), ("oil-1l", 3), ("OAK-27", 5)])
    bolts, oil, oak = quote.lines
    assert (bolts.rule, bolts.discount) == ("trade-bulk", D("0.25") * 600 * D("0.15"))
    assert (oil.rule, oil.discount) == ("oil-3-for-2", D("34.90"))  # 3 for the price of 2
    assert (oak.rule, oak.discount) == ("spring-sale", D("31.00") * 5 * D("0.10"))
    subtotal = D("0.25") * 600 * D("0.85") + D("34.90") * 2 + D("31.00") * 5 * D("0.90")
    assert quote.subtotal == subtotal == D("336.80")
    assert quote.tax == D("67.36") and quote.total == D("404.16")
    assert quote.discount_total == D("72.90")


def test_rules_never_stack_and_never_raise_a_price(inventory: ModuleType) -> None:
    catalogue = sample(inventory)
    rules = [
        inventory.PercentOff("ten", percent=D(10), category=inventory.Category.HARDWARE),
        inventory.BulkDiscount("bulk", percent=D(15), minimum=D(500), category=inventory.Category.HARDWARE),
        inventory.FixedPrice("dearer", price=D("0.50"), skus=["BOLT-M6"]),
    ]
    engine = inventory.PricingEngine(catalogue, rules)
    small, large = engine.quote([("BOLT-M6", 100), ("BOLT-M6", 500)]).lines
    assert (small.rule, small.net) == ("ten", D("0.25") * 100 * D("0.9"))
    assert (large.rule, large.net) == ("bulk", D("0.25") * 500 * D("0.85"))
    glue = engine.price_line(inventory.OrderLine("GLUE-750", D(2)))
    assert (glue.rule, glue.discount, glue.net) == (None, 0, D("15.00"))
    with pytest.raises(inventory.InventoryError, match="quantity must be positive"):
        engine.quote([("GLUE-750", 0)])
    with pytest.raises(inventory.InventoryError, match="unknown SKU 'NAIL'"):
        engine.quote([("NAIL", 1)])


def test_multibuy_counts_whole_groups(inventory: ModuleType) -> None:
    rule = inventory.BuyXGetY("3for2", buy=D(2), free=D(1))
    oil = sample(inventory).product("OIL-1L")
    assert [rule.discount(oil, D(n)) for n in (2, 3, 5, 6, 7)] == [0, D("34.90"), D("34.90"), D("69.80"), D("69.80")]


def test_registered_rule_kinds_plug_into_catalogues(inventory: ModuleType) -> None:
    assert inventory.BUILTIN_RULE_KINDS == ("bulk", "fixed", "multibuy", "percent")
    assert inventory.rule_kinds() == inventory.BUILTIN_RULE_KINDS

    @inventory.register_rule("staff")
    class StaffDiscount(inventory.PricingRule):
        fields = ("percent",)

        def __init__(self, name, *, percent, **scope):
            super().__init__(name, **scope)
            self.percent = percent

        def discount(self, product, quantity):
            return product.cost * quantity * self.percent / 100  # a cut of the cost, not the price

    try:
        assert StaffDiscount.kind == "staff" and "staff" in inventory.rule_kinds()
        assert inventory.BUILTIN_RULE_KINDS == ("bulk", "fixed", "multibuy", "percent")
        text = inventory.SAMPLE_CATALOGUE + "\n[rule staff]\nkind = staff\npercent = 100\nskus = GLUE-750\n"
        catalogue = inventory.parse_catalogue(text)
        line = inventory.PricingEngine(catalogue).price_line(inventory.OrderLine("GLUE-750", D(2)))
        assert (line.rule, line.net) == ("staff", D("7.50") * 2 - D("4.10") * 2)
        with pytest.raises(ValueError, match="registered twice"):
            inventory.register_rule("staff")(StaffDiscount)
    finally:
        del inventory._RULE_TYPES["staff"]
    assert inventory.rule_kinds() == inventory.BUILTIN_RULE_KINDS


# ------------------------------------------------------------------ ledger and reorders


def test_ledger_moves_reservations_and_units(inventory: ModuleType) -> None:
    stock = ledger(inventory)
    assert [m.id for m in stock.moves()] == [f"M{n:05d}" for n in range(1, 6)]  # opening stock, by SKU
    assert stock.receive("oak-27", "500 mm").quantity == D("0.5")
    assert stock.on_hand("OAK-27") == D("65.0")
    reservation = stock.reserve("BOLT-M6", 400, order="job-17")
    assert reservation.id == "R00007"
    assert (stock.on_hand("BOLT-M6"), stock.reserved("BOLT-M6"), stock.available("BOLT-M6")) == (420, 400, 20)
    with pytest.raises(inventory.StockError) as caught:
        stock.issue("BOLT-M6", "2 dozen")
    assert (caught.value.wanted, caught.value.available) == (24, 20)
    issued = stock.fulfil(reservation.id)
    assert (issued.kind, issued.quantity, issued.reference) == (inventory.MoveKind.ISSUE, -400, "job-17")
    assert (stock.on_hand("BOLT-M6"), stock.reserved("BOLT-M6")) == (20, 0)
    with pytest.raises(inventory.InventoryError, match="no reservation R00007"):
        stock.release(reservation.id)
    assert stock.count("GLUE-750", 14) is None
    assert stock.count("GLUE-750", 11).quantity == -3
    assert [m.kind.value for m in stock.moves("glue-750")] == ["adjustment", "adjustment"]
    assert stock.value() == 20 * D("0.09") + 380 * D("0.03") + D("65.0") * D("18.40") + 3 * D("21.00") + 11 * D("4.10")


def test_move_ids_are_one_global_sequence(inventory: ModuleType) -> None:
    inventory.reset_move_ids(500)
    first, second = ledger(inventory), ledger(inventory)
    assert first.moves()[0].id == "M00500" and second.moves()[0].id == "M00505"
    assert first.receive("GLUE-750", 1).id == "M00510"
    assert inventory._next_move_number == 511  # the module attribute reads the live value
    assert inventory.snapshot_to_dict(second)["next_id"] == 511
    with pytest.raises(ValueError, match="ids start at 1"):
        inventory.reset_move_ids(0)


def test_reorders_round_up_to_packs_and_group_by_supplier(inventory: ModuleType) -> None:
    stock = ledger(inventory)
    lines = inventory.plan_reorders(stock)
    assert [(x.sku, x.quantity, x.cost) for x in lines] == [("OIL-1L", 6, D("126.00")), ("SCREW-4X40", 2000, D("60.00"))]
    assert {x.arrives.isoformat() for x in lines} == {"2024-03-07"}  # fixings ships in 3 days
    stock.issue("OAK-27", D("46"))  # 18.5 m left, under the reorder point of 20
    oak = [x for x in inventory.plan_reorders(stock) if x.sku == "OAK-27"]
    assert [(x.quantity, x.arrives.isoformat()) for x in oak] == [(40, "2024-03-14")]
    text = "[supplier s]\nminimum_order = 100\n[product P-1]\nname = p\ncost = 2\nprice = 3\nsupplier = s\n"
    text += "reorder_point = 10\npack_size = 5\n[stock]\nP-1 = 3\n"
    small = inventory.StockLedger(inventory.parse_catalogue(text))
    (line,) = inventory.plan_reorders(small)
    assert line.quantity == 10  # needs 8 to get above 10, in packs of 5
    (order,) = inventory.group_by_supplier(small.catalogue, [line])
    assert (order.total, order.meets_minimum) == (D("20.00"), False)


# ------------------------------------------------------------------ reports and money


def test_money_rounds_half_up(inventory: ModuleType) -> None:
    assert inventory.format_money(D("1234.5")) == "1,234.50 EUR"
    assert inventory.format_money(D("0.125"), "GBP") == "0.13 GBP"
    assert inventory.format_money(D("-2.675")) == "-2.68 EUR"


def test_stock_report_is_an_aligned_table(inventory: ModuleType) -> None:
    stock = ledger(inventory)
    stock.reserve("GLUE-750", 4, order="o")
    header, rule, *rows = inventory.stock_report(stock).splitlines()
    assert header.split() == ["SKU", "Product", "Unit", "On", "hand", "Reserved", "Available"]
    assert set(rule) <= {"-", " "} and len(rows) == 5
    glue = next(r for r in rows if r.startswith("GLUE-750"))
    assert glue.split()[-3:] == ["14", "4", "10"]
    flagged = sorted(r.split()[0] for r in rows if r.endswith("REORDER"))
    assert flagged == ["OIL-1L", "SCREW-4X40"]
    end = header.index("Available") + len("Available")  # numbers are right-aligned under it
    assert [r[:end].split()[-1] for r in rows] == [str(stock.available(r.split()[0])) for r in rows]
    assert all(r[end:end + 1] in ("", " ") for r in rows)


def test_valuation_and_reorder_reports(inventory: ModuleType) -> None:
    stock = ledger(inventory)
    valuation = inventory.valuation_report(stock)
    total = 420 * D("0.09") + 380 * D("0.03") + D("64.5") * D("18.40") + 3 * D("21.00") + 14 * D("4.10")
    assert valuation.endswith(f"Total: {total:,.2f} EUR") and "1,186.80 EUR" in valuation
    orders = inventory.group_by_supplier(stock.catalogue, inventory.plan_reorders(stock))
    report = inventory.reorder_report(orders)
    assert report.startswith("fixings: 186.00 EUR\n") and "below minimum" not in report
    assert inventory.reorder_report(()) == "Nothing to reorder."


# ------------------------------------------------------------------ persistence and command line


def test_snapshot_round_trip_keeps_state_and_id_sequence(inventory: ModuleType, tmp_path) -> None:
    stock = ledger(inventory)
    stock.receive("OIL-1L", "1500 ml", reference="delivery 9")
    held = stock.reserve("OAK-27", "12.5 m", order="stairs")
    path = inventory.save_snapshot(stock, tmp_path / "state.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == inventory.SNAPSHOT_FORMAT and data["next_id"] == 8
    assert data["moves"][-1] == {"id": "M00006", "sku": "OIL-1L", "kind": "receipt", "quantity": "1.5",
                                 "day": "2024-03-04", "reference": "delivery 9"}
    inventory.reset_move_ids()
    loaded = inventory.load_snapshot(path)
    assert loaded.moves() == stock.moves() and loaded.reservations() == (held,)
    assert {s: loaded.available(s) for s in stock.catalogue.products} == {
        s: stock.available(s) for s in stock.catalogue.products}
    assert [r.to_options() for r in loaded.catalogue.rules] == [r.to_options() for r in stock.catalogue.rules]
    assert loaded.catalogue.products == stock.catalogue.products
    assert loaded.receive("GLUE-750", 1).id == "M00008"  # carries on from the saved sequence
    path.write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(inventory.InventoryError, match="snapshot format 1"):
        inventory.load_snapshot(path)


def run_main(inventory: ModuleType, *argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return inventory.main(list(argv), stdout=out), out.getvalue()


def test_main_commands_and_exit_codes(inventory: ModuleType, tmp_path, capsys) -> None:
    code, text = run_main(inventory, "quote", "BOLT-M6=600", "OIL-1L=3", "OAK-27=5")
    assert code == 0 and text.rstrip().endswith("Total: 404.16 EUR")
    code, text = run_main(inventory, "rules")
    assert code == 0 and text.splitlines()[0] == "kinds: bulk, fixed, multibuy, percent"
    code, text = run_main(inventory, "--today", "2024-05-01", "reorder")
    assert code == 0 and "2024-05-04" in text
    saved = tmp_path / "after.json"
    code, text = run_main(inventory, "issue", "BOLT-M6", "20", "--save", str(saved))
    # Each run books 5 opening-stock moves from one process-wide sequence: 4 runs so far.
    assert code == 0 and text.startswith("M00021: issue of -20 BOLT-M6\n")
    code, text = run_main(inventory, "--snapshot", str(saved), "stock")
    assert code == 0 and next(r for r in text.splitlines() if r.startswith("BOLT-M6")).split()[-3:] == ["400", "0", "400"]
    capsys.readouterr()
    assert run_main(inventory, "issue", "BOLT-M6", "421")[0] == 1
    assert "wanted 421, only 420 available" in capsys.readouterr().err
    assert run_main(inventory, "quote", "NAIL=1")[0] == 2
    assert capsys.readouterr().err == "inventory: unknown SKU 'NAIL'\n"
    assert run_main(inventory, "--catalogue", str(tmp_path / "none.ini"), "stock")[0] == 2
    with pytest.raises(SystemExit) as usage:
        run_main(inventory, "frobnicate")
    assert usage.value.code == 2
