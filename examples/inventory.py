"""Stock keeping for a small workshop, in one module.

Reads a catalogue of suppliers, products, opening stock and pricing rules (an INI-like text
format, or TOML where ``tomllib`` is available), keeps a ledger of stock moves and reservations,
prices orders with pluggable discount rules, plans reorders from reorder points and supplier lead
times, renders plain-text reports and saves the whole state as JSON.

The file is monolithic on purpose: it is the example that ``refactor-tool plan`` and
``refactor-tool split`` are shown on (see ``examples/README.md``). Try ``python inventory.py --help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import logging
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

try:  # Python 3.11 and later ship a TOML reader
    import tomllib
except ImportError:  # pragma: no cover - older interpreters
    try:
        import tomli as tomllib  # type: ignore[no-redef]
    except ImportError:
        tomllib = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import TextIO

__all__ = [
    "BUILTIN_RULE_KINDS", "DEFAULT_CURRENCY", "SAMPLE_CATALOGUE", "BulkDiscount", "BuyXGetY",
    "Catalogue", "CatalogueError", "Category", "FixedPrice", "InventoryError", "Move",
    "MoveKind", "OrderLine", "PercentOff", "PricedLine", "PricingEngine", "PricingRule",
    "Product", "PurchaseOrder", "Quantity", "Quote", "ReorderLine", "Reservation", "StockError",
    "StockLedger", "Supplier", "Unit", "UnitError", "build_rule", "format_money",
    "group_by_supplier", "ledger_from_dict", "load_catalogue", "load_snapshot", "main",
    "parse_catalogue", "parse_quantity", "plan_reorders", "quote_report", "register_rule",
    "reorder_report", "reset_move_ids", "rule_kinds", "save_snapshot", "snapshot_to_dict",
    "stock_report", "valuation_report",
]

__version__ = "1.4.0"

logger = logging.getLogger(__name__)
logger.addHandler(logging.NullHandler())

#: Currency used when a catalogue does not name one.
DEFAULT_CURRENCY = "EUR"
#: Money is kept in Decimal and rounded to cents only when shown or totalled.
MONEY_STEP = Decimal("0.01")
#: Sales tax added to quotes; catalogues may override it in their [catalogue] section.
DEFAULT_TAX_RATE = Decimal("0.20")
#: Version of the JSON snapshot layout written by save_snapshot.
SNAPSHOT_FORMAT = 2

_SKU_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,23}$")
_SECTION_RE = re.compile(r"^\[\s*(?P<kind>[a-z]+)(?:\s+(?P<name>[^\]]+?))?\s*\]$")
_QUANTITY_RE = re.compile(r"^\s*(?P<amount>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>[a-zA-Z]+)?\s*$")


# --------------------------------------------------------------------------- errors


class InventoryError(Exception):
    """Base of every error this module raises, so callers can catch one type."""


class UnitError(InventoryError):
    """A quantity was given in a unit that cannot be converted to the one needed."""


class StockError(InventoryError):
    """A move or reservation would take more stock than is available."""

    def __init__(self, sku: str, wanted: Decimal, available: Decimal) -> None:
        super().__init__(f"{sku}: wanted {wanted}, only {available} available")
        self.sku = sku
        self.wanted = wanted
        self.available = available


class CatalogueError(InventoryError):
    """A catalogue could not be read; carries the source and line so editors can jump there."""

    def __init__(self, message: str, source: str = "<catalogue>", line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.message = message
        self.source = source
        self.line = line


# --------------------------------------------------------------------------- shared helpers


def _money(value: Decimal) -> Decimal:
    """Round to cents the way invoices do (half up), not banker's rounding."""
    return value.quantize(MONEY_STEP, rounding=ROUND_HALF_UP)


def format_money(value: Decimal, currency: str = DEFAULT_CURRENCY) -> str:
    """`1234.5` -> `1,234.50 EUR`; negative amounts keep their sign in front."""
    return f"{_money(value):,.2f} {currency}"


def _decimal(text: str | int | float | Decimal, what: str = "number") -> Decimal:
    """Parse a number without float noise; InvalidOperation becomes a ValueError naming `what`."""
    if isinstance(text, Decimal):
        return text
    try:
        value = Decimal(str(text).strip().replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"{what} must be a number, not {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"{what} must be finite, not {text!r}")
    return value


def _normalise_sku(text: str) -> str:
    """SKUs are compared case-insensitively but stored upper-case, as printed on labels."""
    sku = text.strip().upper()
    if not _SKU_RE.match(sku):
        raise ValueError(f"not a valid SKU: {text!r}")
    return sku


def _round_up(value: Decimal, step: Decimal) -> Decimal:
    """The smallest multiple of `step` not below `value` (whole packs, whole boxes)."""
    if step <= 0:
        return value
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 12.500 -> 12.5, 1E+1 -> 10."""
    return format(value.normalize(), "f")


# --------------------------------------------------------------------------- units and quantities


class Unit(enum.StrEnum):
    """Units stock is counted in; the value is how catalogues spell them."""

    EACH = "each"
    DOZEN = "dozen"
    GRAM = "g"
    KILOGRAM = "kg"
    MILLIMETRE = "mm"
    METRE = "m"
    MILLILITRE = "ml"
    LITRE = "l"

    @property
    def dimension(self) -> str:
        return _UNIT_TABLE[self][0]

    @property
    def factor(self) -> Decimal:
        """How many base units (each, gram, millimetre, millilitre) one of this unit is."""
        return _UNIT_TABLE[self][1]


_UNIT_TABLE: dict[Unit, tuple[str, Decimal]] = {
    Unit.EACH: ("count", Decimal(1)),
    Unit.DOZEN: ("count", Decimal(12)),
    Unit.GRAM: ("mass", Decimal(1)),
    Unit.KILOGRAM: ("mass", Decimal(1000)),
    Unit.MILLIMETRE: ("length", Decimal(1)),
    Unit.METRE: ("length", Decimal(1000)),
    Unit.MILLILITRE: ("volume", Decimal(1)),
    Unit.LITRE: ("volume", Decimal(1000)),
}

# Spellings people type in catalogues and on the command line.
_UNIT_ALIASES: dict[str, Unit] = {"pcs": Unit.EACH, "pc": Unit.EACH, "ea": Unit.EACH}
for _unit in Unit:
    _UNIT_ALIASES[_unit.value] = _unit
    _UNIT_ALIASES[_unit.name.lower()] = _unit
del _unit


def _unit_named(text: str) -> Unit:
    try:
        return _UNIT_ALIASES[text.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(u.value for u in Unit))
        raise UnitError(f"unknown unit {text!r} (known: {known})") from None


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount with its unit; converts only within one dimension (no kilograms to metres)."""

    amount: Decimal
    unit: Unit = Unit.EACH

    def to(self, unit: Unit) -> Quantity:
        if unit.dimension != self.unit.dimension:
            raise UnitError(f"cannot convert {self.unit.value} to {unit.value}")
        return Quantity(self.amount * self.unit.factor / unit.factor, unit)

    def __str__(self) -> str:
        return f"{_plain(self.amount)} {self.unit.value}"


def parse_quantity(text: str, default_unit: Unit = Unit.EACH) -> Quantity:
    """`"2.5 kg"` -> Quantity(2.5, KILOGRAM); a bare number takes `default_unit`."""
    match = _QUANTITY_RE.match(text)
    if match is None:
        raise ValueError(f"not a quantity: {text!r}")
    unit = _unit_named(match["unit"]) if match["unit"] else default_unit
    return Quantity(Decimal(match["amount"]), unit)


# --------------------------------------------------------------------------- catalogue model


class Category(enum.StrEnum):
    """Product families; discount rules and reports group by them."""

    HARDWARE = "hardware"
    TIMBER = "timber"
    FINISHES = "finishes"
    TOOLS = "tools"
    CONSUMABLES = "consumables"


@dataclass(frozen=True, slots=True)
class Supplier:
    name: str
    lead_days: int = 7
    minimum_order: Decimal = Decimal(0)
    email: str = ""


@dataclass(frozen=True, slots=True)
class Product:
    """One stocked item. `unit` is what stock is counted in; prices are per unit."""

    sku: str
    name: str
    unit: Unit
    cost: Decimal
    price: Decimal
    category: Category
    supplier: str
    reorder_point: Decimal = Decimal(0)
    reorder_quantity: Decimal = Decimal(0)
    pack_size: Decimal = Decimal(1)

    @property
    def margin(self) -> Decimal:
        """Gross margin as a fraction of the price; zero for free items rather than an error."""
        if self.price == 0:
            return Decimal(0)
        return (self.price - self.cost) / self.price


@dataclass(slots=True)
class Catalogue:
    """Everything a catalogue file describes. Mutable while being built, read-only afterwards."""

    suppliers: dict[str, Supplier] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    opening_stock: dict[str, Decimal] = field(default_factory=dict)
    rules: list[PricingRule] = field(default_factory=list)
    currency: str = DEFAULT_CURRENCY
    tax_rate: Decimal = DEFAULT_TAX_RATE
    source: str = "<catalogue>"

    def product(self, sku: str) -> Product:
        return _require_product(self, sku)

    def by_category(self) -> dict[Category, list[Product]]:
        groups: dict[Category, list[Product]] = defaultdict(list)
        for product in sorted(self.products.values(), key=lambda p: p.sku):
            groups[product.category].append(product)
        return dict(groups)


def _require_product(catalogue: Catalogue, sku: str) -> Product:
    """Look a SKU up; an unknown one is an InventoryError naming it, not a bare KeyError."""
    key = sku.strip().upper()
    try:
        return catalogue.products[key]
    except KeyError:
        raise InventoryError(f"unknown SKU {sku!r}") from None


def _in_product_unit(product: Product, quantity: Quantity | Decimal | int | str) -> Decimal:
    """Any quantity callers pass, expressed in the unit the product is stocked in."""
    if isinstance(quantity, Quantity):
        return quantity.to(product.unit).amount
    if isinstance(quantity, str):
        return parse_quantity(quantity, product.unit).to(product.unit).amount
    return _decimal(quantity, "quantity")


# --------------------------------------------------------------------------- catalogue parsing


@dataclass(slots=True)
class _Section:
    """One `[kind name]` block as read, before it is checked; lines are kept for error messages."""

    kind: str
    name: str
    line: int | None
    entries: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def take(self, key: str, source: str, default: str | None = None) -> str:
        if key in self.entries:
            return self.entries.pop(key)[0]
        if default is None:
            raise CatalogueError(f"[{self.kind} {self.name}] needs '{key}'", source, self.line)
        return default

    def number(self, key: str, source: str, default: str | None = None) -> Decimal:
        line = self.entries[key][1] if key in self.entries else self.line
        text = self.take(key, source, default)
        try:
            return _decimal(text, key)
        except ValueError as error:
            raise CatalogueError(str(error), source, line) from None

    def leftover(self, source: str) -> None:
        """Unknown keys are typos more often than not: refuse them instead of ignoring them."""
        for key, (_value, line) in self.entries.items():
            raise CatalogueError(f"unknown key '{key}' in [{self.kind}]", source, line)


_SECTION_KINDS = ("catalogue", "supplier", "product", "stock", "rule")


def _read_sections(text: str, source: str) -> list[_Section]:
    """Split INI-like text into sections; comments start with '#' or ';' at the start of a line."""
    sections: list[_Section] = []
    current: _Section | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            match = _SECTION_RE.match(line)
            if match is None:
                raise CatalogueError(f"malformed section header {line!r}", source, number)
            kind = match["kind"]
            if kind not in _SECTION_KINDS:
                raise CatalogueError(f"unknown section kind '{kind}'", source, number)
            current = _Section(kind, (match["name"] or "").strip(), number)
            sections.append(current)
            continue
        if current is None:
            raise CatalogueError("entry before the first [section]", source, number)
        key, sep, value = line.partition("=")
        if not sep:
            raise CatalogueError(f"expected 'key = value', got {line!r}", source, number)
        key = key.strip()
        if current.kind != "stock":  # stock keys are SKUs, which keep their dashes
            key = key.lower().replace("-", "_")
        if key in current.entries:
            raise CatalogueError(f"'{key}' given twice", source, number)
        current.entries[key] = (value.strip(), number)
    return sections


def _sections_from_toml(data: Mapping[str, Any]) -> list[_Section]:
    """The TOML form (`[product.BOLT-M6]` tables) mapped onto the same sections, without lines."""
    sections: list[_Section] = []
    for kind, body in data.items():
        if kind in ("catalogue", "stock"):
            entries = {str(k): (str(v), None) for k, v in body.items()}
            sections.append(_Section(kind, "", None, entries))
        elif kind in ("supplier", "product", "rule"):
            for name, table in body.items():
                entries = {str(k): (str(v), None) for k, v in table.items()}
                sections.append(_Section(kind, str(name), None, entries))
        else:
            raise CatalogueError(f"unknown table '{kind}'")
    return sections


def _build_catalogue(sections: Iterable[_Section], source: str) -> Catalogue:
    catalogue = Catalogue(source=source)
    pending_products: list[tuple[Product, int | None]] = []
    for section in sections:
        if section.kind == "catalogue":
            catalogue.currency = section.take("currency", source, DEFAULT_CURRENCY).upper()
            catalogue.tax_rate = section.number("tax_rate", source, str(DEFAULT_TAX_RATE))
        elif section.kind == "supplier":
            _add_supplier(catalogue, section, source)
        elif section.kind == "product":
            pending_products.append((_product_from(section, source), section.line))
        elif section.kind == "stock":
            for key, (value, line) in section.entries.items():
                try:
                    sku = _normalise_sku(key)
                    catalogue.opening_stock[sku] = _decimal(value, f"stock of {sku}")
                except ValueError as error:
                    raise CatalogueError(str(error), source, line) from None
            section.entries.clear()
        else:
            catalogue.rules.append(_rule_from(section, source))
        section.leftover(source)
    for product, line in pending_products:
        if product.supplier not in catalogue.suppliers:
            raise CatalogueError(f"{product.sku}: unknown supplier '{product.supplier}'", source, line)
        if product.sku in catalogue.products:
            raise CatalogueError(f"product {product.sku} defined twice", source, line)
        catalogue.products[product.sku] = product
    for sku in catalogue.opening_stock:
        if sku not in catalogue.products:
            raise CatalogueError(f"opening stock for unknown SKU {sku}", source)
    logger.info(
        "catalogue %s: %d products, %d suppliers, %d rules",
        source, len(catalogue.products), len(catalogue.suppliers), len(catalogue.rules),
    )
    return catalogue


def _add_supplier(catalogue: Catalogue, section: _Section, source: str) -> None:
    name = section.name.lower()
    if not name:
        raise CatalogueError("[supplier] needs a name", source, section.line)
    if name in catalogue.suppliers:
        raise CatalogueError(f"supplier '{name}' defined twice", source, section.line)
    catalogue.suppliers[name] = Supplier(
        name=name,
        lead_days=int(section.number("lead_days", source, "7")),
        minimum_order=section.number("minimum_order", source, "0"),
        email=section.take("email", source, ""),
    )


def _product_from(section: _Section, source: str) -> Product:
    try:
        sku = _normalise_sku(section.name)
    except ValueError as error:
        raise CatalogueError(str(error), source, section.line) from None
    unit_text = section.take("unit", source, "each")
    category_text = section.take("category", source, "hardware")
    try:
        unit = _unit_named(unit_text)
        category = Category(category_text.lower())
    except (UnitError, ValueError) as error:
        raise CatalogueError(f"{sku}: {error}", source, section.line) from None
    product = Product(
        sku=sku,
        name=section.take("name", source),
        unit=unit,
        cost=section.number("cost", source),
        price=section.number("price", source),
        category=category,
        supplier=section.take("supplier", source).lower(),
        reorder_point=section.number("reorder_point", source, "0"),
        reorder_quantity=section.number("reorder_quantity", source, "0"),
        pack_size=section.number("pack_size", source, "1"),
    )
    if product.price < product.cost:
        logger.warning("%s sells below cost (%s < %s)", sku, product.price, product.cost)
    return product


def _rule_from(section: _Section, source: str) -> PricingRule:
    kind = section.take("kind", source)
    options = {key: value for key, (value, _line) in section.entries.items()}
    section.entries.clear()
    try:
        return build_rule(kind, section.name or kind, options)
    except (InventoryError, ValueError, TypeError) as error:
        raise CatalogueError(f"rule '{section.name}': {error}", source, section.line) from None


def parse_catalogue(text: str, source: str = "<catalogue>") -> Catalogue:
    """Read the INI-like catalogue format; every error names `source` and the line."""
    return _build_catalogue(_read_sections(text, source), source)


def load_catalogue(path: str | Path) -> Catalogue:
    """Read a catalogue file: `.toml` through tomllib, anything else as the INI-like format."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CatalogueError(f"cannot read: {error.strerror}", str(path)) from None
    if path.suffix == ".toml":
        if tomllib is None:
            raise CatalogueError("reading TOML needs Python 3.11 or the tomli package", str(path))
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise CatalogueError(str(error), str(path)) from None
        return _build_catalogue(_sections_from_toml(data), str(path))
    return parse_catalogue(text, str(path))


# --------------------------------------------------------------------------- pricing rules

#: Rule classes by the `kind` catalogues name them with; filled by @register_rule at import time.
_RULE_TYPES: dict[str, type[PricingRule]] = {}


def register_rule(kind: str) -> Callable[[type[PricingRule]], type[PricingRule]]:
    """Class decorator: make a PricingRule subclass available to catalogues as `kind = ...`."""

    def decorate(cls: type[PricingRule]) -> type[PricingRule]:
        if kind in _RULE_TYPES:
            raise ValueError(f"pricing rule kind '{kind}' registered twice")
        cls.kind = kind
        _RULE_TYPES[kind] = cls
        return cls

    return decorate


def rule_kinds() -> tuple[str, ...]:
    return tuple(sorted(_RULE_TYPES))


def build_rule(kind: str, name: str, options: Mapping[str, str]) -> PricingRule:
    """A rule from catalogue options (all strings); unknown kinds and options are errors."""
    try:
        cls = _RULE_TYPES[kind.strip().lower()]
    except KeyError:
        raise InventoryError(f"unknown rule kind '{kind}' (known: {', '.join(rule_kinds())})") from None
    return cls.from_options(name, dict(options))


class PricingRule:
    """A discount on one order line. Subclasses say which lines they apply to and how much off.

    The engine asks every rule and keeps the best discount per line: rules never stack, which is
    what customers expect from a shop's price list.
    """

    kind: ClassVar[str] = ""
    fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, name: str, *, category: Category | None = None, skus: Sequence[str] = ()) -> None:
        self.name = name
        self.category = category
        self.skus = tuple(_normalise_sku(s) for s in skus)

    @classmethod
    def from_options(cls, name: str, options: dict[str, str]) -> PricingRule:
        category = options.pop("category", None)
        skus = [s for s in options.pop("skus", "").replace(",", " ").split() if s]
        values = {key: _decimal(options.pop(key), key) for key in cls.fields if key in options}
        missing = [key for key in cls.fields if key not in values]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        if options:
            raise ValueError(f"unknown option(s) {', '.join(sorted(options))}")
        return cls(name, category=Category(category) if category else None, skus=skus, **values)

    def to_options(self) -> dict[str, str]:
        options = {"kind": self.kind}
        if self.category is not None:
            options["category"] = self.category.value
        if self.skus:
            options["skus"] = ", ".join(self.skus)
        for key in self.fields:
            options[key] = _plain(getattr(self, key))
        return options

    def applies_to(self, product: Product) -> bool:
        if self.skus and product.sku not in self.skus:
            return False
        return self.category is None or product.category is self.category

    def discount(self, product: Product, quantity: Decimal) -> Decimal:
        raise NotImplementedError

    def describe(self) -> str:
        scope = self.category.value if self.category else ", ".join(self.skus) or "everything"
        return f"{self.name} ({self.kind}, {scope})"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


@register_rule("percent")
class PercentOff(PricingRule):
    """A flat percentage off the matching products, e.g. a seasonal sale."""

    fields = ("percent",)

    def __init__(self, name: str, *, percent: Decimal, **scope: Any) -> None:
        super().__init__(name, **scope)
        if not 0 < percent <= 100:
            raise ValueError(f"percent must be in (0, 100], not {percent}")
        self.percent = percent

    def discount(self, product: Product, quantity: Decimal) -> Decimal:
        return product.price * quantity * self.percent / 100


@register_rule("bulk")
class BulkDiscount(PercentOff):
    """A percentage off once a line reaches `minimum` units; below it, nothing."""

    fields = ("percent", "minimum")

    def __init__(self, name: str, *, percent: Decimal, minimum: Decimal, **scope: Any) -> None:
        super().__init__(name, percent=percent, **scope)
        self.minimum = minimum

    def discount(self, product: Product, quantity: Decimal) -> Decimal:
        if quantity < self.minimum:
            return Decimal(0)
        return super().discount(product, quantity)


@register_rule("multibuy")
class BuyXGetY(PricingRule):
    """For every `buy` units paid, `free` more are free: "3 for 2" is buy=2, free=1."""

    fields = ("buy", "free")

    def __init__(self, name: str, *, buy: Decimal, free: Decimal, **scope: Any) -> None:
        super().__init__(name, **scope)
        if buy <= 0 or free <= 0:
            raise ValueError("buy and free must be positive")
        self.buy = buy
        self.free = free

    def discount(self, product: Product, quantity: Decimal) -> Decimal:
        groups = (quantity / (self.buy + self.free)).to_integral_value(rounding=ROUND_FLOOR)
        return groups * self.free * product.price


@register_rule("fixed")
class FixedPrice(PricingRule):
    """A negotiated unit price; only ever lowers the price, never raises it."""

    fields = ("price",)

    def __init__(self, name: str, *, price: Decimal, **scope: Any) -> None:
        super().__init__(name, **scope)
        self.price = price

    def discount(self, product: Product, quantity: Decimal) -> Decimal:
        return max(Decimal(0), (product.price - self.price) * quantity)


#: The kinds known once this module is imported; plug-ins may register more later.
BUILTIN_RULE_KINDS = rule_kinds()


# --------------------------------------------------------------------------- quoting


@dataclass(frozen=True, slots=True)
class OrderLine:
    sku: str
    quantity: Decimal


@dataclass(frozen=True, slots=True)
class PricedLine:
    sku: str
    name: str
    quantity: Decimal
    unit_price: Decimal
    gross: Decimal
    discount: Decimal
    rule: str | None

    @property
    def net(self) -> Decimal:
        return self.gross - self.discount


@dataclass(frozen=True, slots=True)
class Quote:
    lines: tuple[PricedLine, ...]
    tax_rate: Decimal
    currency: str

    @property
    def subtotal(self) -> Decimal:
        return sum((_money(line.net) for line in self.lines), Decimal(0))

    @property
    def discount_total(self) -> Decimal:
        return sum((_money(line.discount) for line in self.lines), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return _money(self.subtotal * self.tax_rate)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax


class PricingEngine:
    """Prices orders against a catalogue's list prices and rules."""

    def __init__(self, catalogue: Catalogue, rules: Iterable[PricingRule] | None = None) -> None:
        self.catalogue = catalogue
        self.rules = tuple(catalogue.rules if rules is None else rules)

    def best_rule(self, product: Product, quantity: Decimal) -> tuple[PricingRule | None, Decimal]:
        best: tuple[PricingRule | None, Decimal] = (None, Decimal(0))
        for rule in self.rules:
            if not rule.applies_to(product):
                continue
            amount = min(rule.discount(product, quantity), product.price * quantity)
            if amount > best[1]:
                best = (rule, amount)
        return best

    def price_line(self, line: OrderLine) -> PricedLine:
        product = _require_product(self.catalogue, line.sku)
        if line.quantity <= 0:
            raise InventoryError(f"{product.sku}: quantity must be positive, not {line.quantity}")
        rule, amount = self.best_rule(product, line.quantity)
        if rule is not None:
            logger.debug("%s x %s: %s saves %s", product.sku, line.quantity, rule.name, amount)
        return PricedLine(
            sku=product.sku,
            name=product.name,
            quantity=line.quantity,
            unit_price=product.price,
            gross=product.price * line.quantity,
            discount=amount,
            rule=rule.name if rule else None,
        )

    def quote(self, lines: Iterable[OrderLine | tuple[str, Any]]) -> Quote:
        priced = []
        for item in lines:
            line = item if isinstance(item, OrderLine) else OrderLine(item[0], _decimal(item[1]))
            priced.append(self.price_line(line))
        return Quote(tuple(priced), self.catalogue.tax_rate, self.catalogue.currency)


# --------------------------------------------------------------------------- stock ledger


class MoveKind(enum.StrEnum):
    RECEIPT = "receipt"
    ISSUE = "issue"
    ADJUSTMENT = "adjustment"
    RETURN = "return"


@dataclass(frozen=True, slots=True)
class Move:
    """One change of stock; `quantity` is signed (issues are negative)."""

    id: str
    sku: str
    kind: MoveKind
    quantity: Decimal
    day: dt.date
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Reservation:
    id: str
    sku: str
    quantity: Decimal
    order: str
    day: dt.date


# Move and reservation ids are unique across every ledger in the process, like a document
# number sequence; snapshots save the next number so a reloaded ledger carries on from it.
_next_move_number = 1


def _allocate_id(prefix: str) -> str:
    global _next_move_number
    number = _next_move_number
    _next_move_number += 1
    return f"{prefix}{number:05d}"


def reset_move_ids(start: int = 1) -> None:
    """Restart the id sequence (tests, or loading a snapshot)."""
    global _next_move_number
    if start < 1:
        raise ValueError("ids start at 1")
    _next_move_number = start


class StockLedger:
    """Stock on hand per SKU as the sum of its moves, plus reservations held against it."""

    def __init__(self, catalogue: Catalogue, today: dt.date | None = None) -> None:
        self.catalogue = catalogue
        self.today = today or dt.date.today()
        self._moves: list[Move] = []
        self._reservations: dict[str, Reservation] = {}
        self._on_hand: dict[str, Decimal] = defaultdict(Decimal)
        for sku, amount in sorted(catalogue.opening_stock.items()):
            if amount:
                self._record(sku, MoveKind.ADJUSTMENT, amount, "opening stock")

    def _record(self, sku: str, kind: MoveKind, quantity: Decimal, reference: str,
                day: dt.date | None = None, move_id: str | None = None) -> Move:
        move = Move(move_id or _allocate_id("M"), sku, kind, quantity, day or self.today, reference)
        self._moves.append(move)
        self._on_hand[sku] += quantity
        logger.debug("move %s: %s %s %s", move.id, kind.value, sku, quantity)
        return move

    def on_hand(self, sku: str) -> Decimal:
        return self._on_hand.get(_require_product(self.catalogue, sku).sku, Decimal(0))

    def reserved(self, sku: str) -> Decimal:
        key = _require_product(self.catalogue, sku).sku
        return sum((r.quantity for r in self._reservations.values() if r.sku == key), Decimal(0))

    def available(self, sku: str) -> Decimal:
        return self.on_hand(sku) - self.reserved(sku)

    def receive(self, sku: str, quantity: Quantity | Decimal | int | str, reference: str = "") -> Move:
        product = _require_product(self.catalogue, sku)
        amount = _in_product_unit(product, quantity)
        if amount <= 0:
            raise InventoryError(f"{product.sku}: received quantity must be positive")
        return self._record(product.sku, MoveKind.RECEIPT, amount, reference)

    def issue(self, sku: str, quantity: Quantity | Decimal | int | str, reference: str = "") -> Move:
        product = _require_product(self.catalogue, sku)
        amount = _in_product_unit(product, quantity)
        if amount <= 0:
            raise InventoryError(f"{product.sku}: issued quantity must be positive")
        if amount > self.available(product.sku):
            raise StockError(product.sku, amount, self.available(product.sku))
        return self._record(product.sku, MoveKind.ISSUE, -amount, reference)

    def return_stock(self, sku: str, quantity: Quantity | Decimal | int | str, reference: str = "") -> Move:
        product = _require_product(self.catalogue, sku)
        return self._record(product.sku, MoveKind.RETURN, _in_product_unit(product, quantity), reference)

    def count(self, sku: str, counted: Quantity | Decimal | int | str, reference: str = "stock take") -> Move | None:
        """Record a physical count: the difference becomes an adjustment (None if it matched)."""
        product = _require_product(self.catalogue, sku)
        difference = _in_product_unit(product, counted) - self.on_hand(product.sku)
        if difference == 0:
            return None
        if difference < 0:
            logger.warning("%s: stock take found %s missing", product.sku, -difference)
        return self._record(product.sku, MoveKind.ADJUSTMENT, difference, reference)

    def reserve(self, sku: str, quantity: Quantity | Decimal | int | str, order: str) -> Reservation:
        product = _require_product(self.catalogue, sku)
        amount = _in_product_unit(product, quantity)
        if amount > self.available(product.sku):
            raise StockError(product.sku, amount, self.available(product.sku))
        reservation = Reservation(_allocate_id("R"), product.sku, amount, order, self.today)
        self._reservations[reservation.id] = reservation
        return reservation

    def release(self, reservation_id: str) -> Reservation:
        try:
            return self._reservations.pop(reservation_id)
        except KeyError:
            raise InventoryError(f"no reservation {reservation_id}") from None

    def fulfil(self, reservation_id: str) -> Move:
        """Ship a reservation: it stops holding stock and the stock leaves as an issue."""
        reservation = self.release(reservation_id)
        return self._record(reservation.sku, MoveKind.ISSUE, -reservation.quantity, reservation.order)

    def moves(self, sku: str | None = None) -> tuple[Move, ...]:
        if sku is None:
            return tuple(self._moves)
        key = _require_product(self.catalogue, sku).sku
        return tuple(m for m in self._moves if m.sku == key)

    def reservations(self) -> tuple[Reservation, ...]:
        return tuple(self._reservations.values())

    def value(self) -> Decimal:
        """Stock valued at cost, the figure accountants want at the end of a period."""
        return sum(
            (self._on_hand.get(sku, Decimal(0)) * p.cost for sku, p in self.catalogue.products.items()),
            Decimal(0),
        )


# --------------------------------------------------------------------------- reorder planning


@dataclass(frozen=True, slots=True)
class ReorderLine:
    sku: str
    supplier: str
    available: Decimal
    quantity: Decimal
    cost: Decimal
    arrives: dt.date


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    supplier: Supplier
    lines: tuple[ReorderLine, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.cost for line in self.lines), Decimal(0))

    @property
    def meets_minimum(self) -> bool:
        return self.total >= self.supplier.minimum_order


def plan_reorders(ledger: StockLedger, today: dt.date | None = None) -> tuple[ReorderLine, ...]:
    """Every product whose available stock is at or below its reorder point, with what to buy.

    Buys enough to get back above the reorder point by at least the reorder quantity, in whole
    packs, because suppliers ship packs.
    """
    today = today or ledger.today
    catalogue = ledger.catalogue
    lines = []
    for sku in sorted(catalogue.products):
        product = catalogue.products[sku]
        available = ledger.available(sku)
        if product.reorder_point <= 0 or available > product.reorder_point:
            continue
        wanted = max(product.reorder_quantity, product.reorder_point - available + 1)
        quantity = _round_up(wanted, product.pack_size)
        supplier = catalogue.suppliers[product.supplier]
        lines.append(ReorderLine(
            sku=sku,
            supplier=supplier.name,
            available=available,
            quantity=quantity,
            cost=_money(quantity * product.cost),
            arrives=today + dt.timedelta(days=supplier.lead_days),
        ))
    return tuple(lines)


def group_by_supplier(catalogue: Catalogue, lines: Iterable[ReorderLine]) -> tuple[PurchaseOrder, ...]:
    grouped: dict[str, list[ReorderLine]] = defaultdict(list)
    for line in lines:
        grouped[line.supplier].append(line)
    orders = tuple(PurchaseOrder(catalogue.suppliers[name], tuple(grouped[name])) for name in sorted(grouped))
    for order in orders:
        if not order.meets_minimum:
            logger.info("order for %s is below its minimum of %s", order.supplier.name, order.supplier.minimum_order)
    return orders


# --------------------------------------------------------------------------- reports


def _render_table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: Sequence[int] = ()) -> str:
    """A plain-text table: columns as wide as their widest cell, `right` columns right-aligned."""
    cells = [[str(h) for h in headers], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])


def stock_report(ledger: StockLedger) -> str:
    rows = []
    for sku, product in sorted(ledger.catalogue.products.items()):
        available = ledger.available(sku)
        flag = "REORDER" if product.reorder_point and available <= product.reorder_point else ""
        rows.append((sku, product.name, product.unit.value, _plain(ledger.on_hand(sku)),
                     _plain(ledger.reserved(sku)), _plain(available), flag))
    return _render_table(("SKU", "Product", "Unit", "On hand", "Reserved", "Available", ""), rows, right=(3, 4, 5))


def valuation_report(ledger: StockLedger) -> str:
    currency = ledger.catalogue.currency
    rows = []
    for category, products in ledger.catalogue.by_category().items():
        value = sum((ledger.on_hand(p.sku) * p.cost for p in products), Decimal(0))
        rows.append((category.value, len(products), format_money(value, currency)))
    table = _render_table(("Category", "Products", "Value at cost"), rows, right=(1, 2))
    return f"{table}\n\nTotal: {format_money(ledger.value(), currency)}"


def reorder_report(orders: Sequence[PurchaseOrder], currency: str = DEFAULT_CURRENCY) -> str:
    if not orders:
        return "Nothing to reorder."
    blocks = []
    for order in orders:
        rows = [(line.sku, _plain(line.available), _plain(line.quantity),
                 format_money(line.cost, currency), line.arrives.isoformat()) for line in order.lines]
        note = "" if order.meets_minimum else f"  (below minimum order {format_money(order.supplier.minimum_order, currency)})"
        table = _render_table(("SKU", "Available", "Order", "Cost", "Arrives"), rows, right=(1, 2, 3))
        blocks.append(f"{order.supplier.name}: {format_money(order.total, currency)}{note}\n{table}")
    return "\n\n".join(blocks)


def quote_report(quote: Quote) -> str:
    money = lambda value: format_money(value, quote.currency)  # noqa: E731 - a local shorthand
    rows = [(line.sku, line.name, _plain(line.quantity), money(line.unit_price),
             money(line.discount) if line.discount else "", money(line.net), line.rule or "")
            for line in quote.lines]
    table = _render_table(("SKU", "Product", "Qty", "Price", "Discount", "Net", "Rule"), rows, right=(2, 3, 4, 5))
    totals = [
        f"Subtotal: {money(quote.subtotal)}",
        f"Tax ({_plain(quote.tax_rate * 100)}%): {money(quote.tax)}",
        f"Total: {money(quote.total)}",
    ]
    if quote.discount_total:
        totals.insert(0, f"You save: {money(quote.discount_total)}")
    return table + "\n\n" + "\n".join(totals)


# --------------------------------------------------------------------------- JSON persistence


class _SnapshotEncoder(json.JSONEncoder):
    """Decimals as strings (exact), dates as ISO text, enums by value."""

    def default(self, o: object) -> object:
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, dt.date):
            return o.isoformat()
        if isinstance(o, enum.Enum):
            return o.value
        return super().default(o)


def snapshot_to_dict(ledger: StockLedger) -> dict[str, Any]:
    """The whole state as plain data: catalogue, moves, reservations and the id sequence."""
    catalogue = ledger.catalogue
    return {
        "format": SNAPSHOT_FORMAT,
        "today": ledger.today.isoformat(),
        "next_id": _next_move_number,
        "catalogue": {
            "source": catalogue.source,
            "currency": catalogue.currency,
            "tax_rate": str(catalogue.tax_rate),
            "suppliers": [vars_of(s) for s in catalogue.suppliers.values()],
            "products": [vars_of(p) for p in catalogue.products.values()],
            "rules": [{"name": r.name, **r.to_options()} for r in catalogue.rules],
        },
        "moves": [vars_of(m) for m in ledger.moves()],
        "reservations": [vars_of(r) for r in ledger.reservations()],
    }


def vars_of(record: Any) -> dict[str, Any]:
    """Fields of a slotted dataclass as a dict, in declaration order (``vars`` needs a __dict__)."""
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def ledger_from_dict(data: Mapping[str, Any]) -> StockLedger:
    if data.get("format") != SNAPSHOT_FORMAT:
        raise InventoryError(f"snapshot format {data.get('format')!r} is not {SNAPSHOT_FORMAT}")
    raw = data["catalogue"]
    catalogue = Catalogue(currency=raw["currency"], tax_rate=Decimal(raw["tax_rate"]), source=raw["source"])
    for item in raw["suppliers"]:
        catalogue.suppliers[item["name"]] = Supplier(
            item["name"], int(item["lead_days"]), Decimal(item["minimum_order"]), item["email"])
    for item in raw["products"]:
        numbers = {k: Decimal(item[k]) for k in ("cost", "price", "reorder_point", "reorder_quantity", "pack_size")}
        catalogue.products[item["sku"]] = Product(
            sku=item["sku"], name=item["name"], unit=Unit(item["unit"]), category=Category(item["category"]),
            supplier=item["supplier"], **numbers)
    for item in raw["rules"]:
        options = {k: v for k, v in item.items() if k not in ("name", "kind")}
        catalogue.rules.append(build_rule(item["kind"], item["name"], options))
    ledger = StockLedger(catalogue, today=dt.date.fromisoformat(data["today"]))
    for item in data["moves"]:
        ledger._record(item["sku"], MoveKind(item["kind"]), Decimal(item["quantity"]), item["reference"],
                       day=dt.date.fromisoformat(item["day"]), move_id=item["id"])
    for item in data["reservations"]:
        reservation = Reservation(item["id"], item["sku"], Decimal(item["quantity"]), item["order"],
                                  dt.date.fromisoformat(item["day"]))
        ledger._reservations[reservation.id] = reservation
    reset_move_ids(int(data["next_id"]))
    return ledger


def save_snapshot(ledger: StockLedger, path: str | Path) -> Path:
    """Write atomically: a crash mid-write leaves the previous snapshot intact."""
    path = Path(path)
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(snapshot_to_dict(ledger), cls=_SnapshotEncoder, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)
    logger.info("saved %d moves to %s", len(ledger.moves()), path)
    return path


def load_snapshot(path: str | Path) -> StockLedger:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InventoryError(f"{path}: cannot load snapshot: {error}") from None
    return ledger_from_dict(data)


# --------------------------------------------------------------------------- command line


def _parse_order(items: Sequence[str]) -> list[OrderLine]:
    lines = []
    for item in items:
        sku, sep, amount = item.partition("=")
        if not sep:
            raise InventoryError(f"expected SKU=QUANTITY, got {item!r}")
        lines.append(OrderLine(sku.strip().upper(), _decimal(amount, f"quantity of {sku}")))
    return lines


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inventory",
        description="Stock, reorders and quotes for a small workshop (uses a built-in sample catalogue by default).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--catalogue", metavar="PATH", help="catalogue file (.ini-like text or .toml)")
    source.add_argument("--snapshot", metavar="PATH", help="load a JSON snapshot saved with 'save'")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="date to plan from (YYYY-MM-DD)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what happens to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("stock", help="stock on hand, reserved and available per SKU")
    commands.add_parser("value", help="stock valued at cost, per category")
    commands.add_parser("reorder", help="purchase orders for everything at or below its reorder point")
    commands.add_parser("rules", help="pricing rules: the registered kinds and the catalogue's rules")
    quote = commands.add_parser("quote", help="price an order, e.g. quote BOLT-M6=250 OIL-1L=2")
    quote.add_argument("items", nargs="+", metavar="SKU=QTY")
    for name, text in (("receive", "book a delivery"), ("issue", "take stock out for a job")):
        move = commands.add_parser(name, help=f"{text}, then show stock")
        move.add_argument("sku")
        move.add_argument("quantity", help="e.g. 12, or 2.5 kg")
        move.add_argument("--save", metavar="PATH", help="write the resulting snapshot here")
    save = commands.add_parser("save", help="write the current state as a JSON snapshot")
    save.add_argument("path")
    return parser


def _load_ledger(args: argparse.Namespace) -> StockLedger:
    if args.snapshot:
        ledger = load_snapshot(args.snapshot)
        if args.today:
            ledger.today = args.today
        return ledger
    catalogue = load_catalogue(args.catalogue) if args.catalogue else parse_catalogue(SAMPLE_CATALOGUE, "<sample>")
    return StockLedger(catalogue, today=args.today or _SAMPLE_TODAY)


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None) -> int:
    """Run one command; returns the exit status (0 ok, 1 a stock problem, 2 bad input)."""
    out = stdout or sys.stdout
    args = _build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    try:
        ledger = _load_ledger(args)
        currency = ledger.catalogue.currency
        if args.command == "stock":
            print(stock_report(ledger), file=out)
        elif args.command == "value":
            print(valuation_report(ledger), file=out)
        elif args.command == "reorder":
            orders = group_by_supplier(ledger.catalogue, plan_reorders(ledger))
            print(reorder_report(orders, currency), file=out)
        elif args.command == "rules":
            print("kinds: " + ", ".join(rule_kinds()), file=out)
            for rule in ledger.catalogue.rules:
                print("  " + rule.describe(), file=out)
        elif args.command == "quote":
            engine = PricingEngine(ledger.catalogue)
            print(quote_report(engine.quote(_parse_order(args.items))), file=out)
        elif args.command in ("receive", "issue"):
            book = ledger.receive if args.command == "receive" else ledger.issue
            move = book(args.sku, args.quantity, reference="command line")
            print(f"{move.id}: {move.kind.value} of {_plain(move.quantity)} {move.sku}", file=out)
            print(stock_report(ledger), file=out)
            if args.save:
                save_snapshot(ledger, args.save)
        elif args.command == "save":
            print(f"saved {save_snapshot(ledger, args.path)}", file=out)
    except StockError as error:
        print(f"inventory: {error}", file=sys.stderr)
        return 1
    except (InventoryError, ValueError) as error:
        print(f"inventory: {error}", file=sys.stderr)
        return 2
    return 0


# --------------------------------------------------------------------------- sample data

_SAMPLE_TODAY = dt.date(2024, 3, 4)

SAMPLE_CATALOGUE = """\
# A joinery workshop's stock. Lines starting with '#' or ';' are comments.
[catalogue]
currency = EUR
tax_rate = 0.20

[supplier fixings]
lead_days = 3
minimum_order = 50.00
email = orders@fixings.example

[supplier woodyard]
lead_days = 10
minimum_order = 400

[product BOLT-M6]
name = Hex bolt M6x40
unit = each
cost = 0.09
price = 0.25
category = hardware
supplier = fixings
reorder_point = 300
reorder_quantity = 1000
pack_size = 250

[product SCREW-4X40]
name = Wood screw 4x40
unit = each
cost = 0.03
price = 0.08
category = hardware
supplier = fixings
reorder_point = 500
reorder_quantity = 2000
pack_size = 500

[product OAK-27]
name = Oak board 27 mm
unit = m
cost = 18.40
price = 31.00
category = timber
supplier = woodyard
reorder_point = 20
reorder_quantity = 40
pack_size = 2.5

[product OIL-1L]
name = Hardwax oil 1 l
unit = l
cost = 21.00
price = 34.90
category = finishes
supplier = fixings
reorder_point = 4
reorder_quantity = 6

[product GLUE-750]
name = PVA glue 750 ml
unit = each
cost = 4.10
price = 7.50
category = consumables
supplier = fixings

[stock]
BOLT-M6 = 420
SCREW-4X40 = 380
OAK-27 = 64.5
OIL-1L = 3
GLUE-750 = 14

[rule trade-bulk]
kind = bulk
category = hardware
minimum = 500
percent = 15

[rule oil-3-for-2]
kind = multibuy
skus = OIL-1L
buy = 2
free = 1

[rule spring-sale]
kind = percent
category = timber
percent = 10
"""

if __name__ == "__main__":
    sys.exit(main())
