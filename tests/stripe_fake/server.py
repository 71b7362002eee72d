"""localstripe plus the Stripe resources Herald uses that it lacks: prices,
Checkout sessions and billing-portal sessions. Run as ``python -m stripe_fake``
from ``tests/``; see the package docstring for what is modelled.

localstripe has no plug-in interface, but its aiohttp ``app`` and resource
``store`` are module globals: this module adds resources (subclasses of its
``StripeObject``, so they live in the same store) and routes to that app before
it starts, and starts it on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import time

from aiohttp import web
from localstripe import server
from localstripe.errors import UserError
from localstripe.resources import (
    Customer,
    Event,
    PaymentIntent,
    PaymentMethod,
    Plan,
    Product,
    StripeObject,
    Subscription,
    SubscriptionItem,
    random_id,
    store,
    try_convert_to_int,
)
from localstripe.webhooks import schedule_webhook

INTERVALS = ("day", "week", "month", "year")


def require(condition, message: str, param: str | None = None) -> None:
    """Refuse a request the way Stripe does: 400, ``invalid_request_error``, a message."""
    if not condition:
        raise UserError(400, message, {"param": param} if param else None)


def retrieve(cls, object_id, param: str):
    """The object, or Stripe's 404 ``resource_missing`` naming the parameter."""
    found = store.get(f"{cls.object}:{object_id}") if isinstance(object_id, str) else None
    if found is None:
        raise UserError(404, f"No such {cls.object}: '{object_id}'",
                        {"code": "resource_missing", "param": param})
    return found


class Price(StripeObject):
    """``POST /v1/prices``. A recurring price is also registered as a localstripe
    ``Plan`` with the same id, as Stripe does, so subscriptions can bill it."""

    object = "price"
    _id_prefix = "price_"

    def __init__(self, currency=None, unit_amount=None, recurring=None, product=None,
                 product_data=None, metadata=None, nickname=None, **kwargs):
        require(not kwargs, "Received unknown parameter: " + ", ".join(kwargs))
        unit_amount = try_convert_to_int(unit_amount)
        require(isinstance(currency, str) and len(currency) == 3,
                "Missing required param: currency.", "currency")
        require(isinstance(unit_amount, int) and unit_amount >= 0,
                "Missing required param: unit_amount.", "unit_amount")
        require((product is None) != (product_data is None),
                "You must specify exactly one of product or product_data.", "product")
        if recurring is not None:
            require(isinstance(recurring, dict) and recurring.get("interval") in INTERVALS,
                    "Invalid recurring[interval]: must be one of day, week, month or year.",
                    "recurring[interval]")
            recurring = {"interval": recurring["interval"], "usage_type": "licensed",
                         "interval_count": try_convert_to_int(recurring.get("interval_count", 1))}
        if product is not None:
            retrieve(Product, product, "product")
        else:
            require(isinstance(product_data, dict) and product_data.get("name"),
                    "Missing required param: product_data[name].", "product_data[name]")
            product = Product(name=product_data["name"], metadata=product_data.get("metadata")).id
        super().__init__()
        self.active = True
        self.currency = currency.lower()
        self.unit_amount = unit_amount
        self.recurring = recurring
        self.type = "recurring" if recurring else "one_time"
        self.product = product
        self.metadata = metadata or {}
        self.nickname = nickname
        self.billing_scheme = "per_unit"
        if recurring:
            Plan(id=self.id, amount=unit_amount, currency=self.currency, product=product,
                 interval=recurring["interval"], interval_count=recurring["interval_count"])
        schedule_webhook(Event("price.created", self))


def _item_price(item):
    price = store.get("price:" + item.plan.id)
    return price._export() if price is not None else None


# Stripe's subscription items carry their price and (since API 2025-03-31) their
# billing period; localstripe's carry only the plan.
SubscriptionItem.price = property(_item_price)
SubscriptionItem.current_period_start = property(lambda item: item._current_period()["start"])
SubscriptionItem.current_period_end = property(lambda item: item._current_period()["end"])


_localstripe_update = Subscription._update


def _update_subscription(subscription, items=None, proration_behavior=None, metadata=None,
                         **data):
    """Stripe's subscription update: items name a ``price`` (localstripe: ``plan``),
    ``proration_behavior`` is accepted (localstripe always prorates) and
    ``metadata`` is merged key by key, an empty value removing its key
    (localstripe ignores it)."""
    require(proration_behavior in (None, "create_prorations", "none", "always_invoice"),
            "Invalid proration_behavior.", "proration_behavior")
    require(metadata is None or isinstance(metadata, dict), "Invalid metadata.", "metadata")
    if items is not None:
        require(isinstance(items, list), "Invalid items.", "items")
        items = [dict(item) for item in items]
        for index, item in enumerate(items):
            if "price" in item:
                item["plan"] = retrieve(Price, item.pop("price"), f"items[{index}][price]").id
    _localstripe_update(subscription, items=items, **data)
    for key, value in (metadata or {}).items():
        if value == "":
            subscription.metadata.pop(key, None)
        else:
            subscription.metadata[key] = value


Subscription._update = _update_subscription


class CheckoutSession(StripeObject):
    """``POST /v1/checkout/sessions`` in ``payment`` or ``subscription`` mode, with
    Stripe's checks on how the parameters combine. ``line_items`` appear only
    when expanded or listed, as in Stripe."""

    object = "checkout.session"
    _id_prefix = "cs_test_"

    def __init__(self, mode=None, success_url=None, cancel_url=None, line_items=None,
                 customer=None, customer_email=None, customer_creation=None,
                 client_reference_id=None, metadata=None, subscription_data=None,
                 payment_intent_data=None, **kwargs):
        require(not kwargs, "Received unknown parameter: " + ", ".join(kwargs))
        require(mode in ("payment", "subscription"),
                "Missing required param: mode (this fake models payment and subscription).", "mode")
        require(success_url, "Missing required param: success_url.", "success_url")
        require(not (customer and customer_email),
                "You may only specify one of these parameters: customer, customer_email.")
        if customer is not None:
            retrieve(Customer, customer, "customer")
        if customer_creation is not None:
            require(mode == "payment", "`customer_creation` can only be used in `payment` mode.",
                    "customer_creation")
            require(not customer,
                    "You may only specify one of these parameters: customer, customer_creation.")
            require(customer_creation in ("always", "if_required"),
                    "Invalid customer_creation: must be one of always or if_required.",
                    "customer_creation")
        require(not (subscription_data and mode != "subscription"),
                "You can only specify `subscription_data` in `subscription` mode.",
                "subscription_data")
        require(not (payment_intent_data and mode != "payment"),
                "You can not pass `payment_intent_data` in `subscription` mode.",
                "payment_intent_data")
        require(isinstance(line_items, list) and line_items,
                "Missing required param: line_items.", "line_items")
        require(len(line_items) == 1, "This fake models one line item per session.", "line_items")
        lines = [self._line(i, item) for i, item in enumerate(line_items)]
        recurring = [price for price, _ in lines
                     if (price.recurring if isinstance(price, Price) else price.get("recurring"))]
        if mode == "subscription":
            require(recurring, "You must specify at least one recurring price in `subscription` "
                               "mode when using prices.", "line_items")
        else:
            require(not recurring, "You specified `payment` mode but passed a recurring price. "
                                   "Either switch to `subscription` mode or use only one-time prices.",
                    "line_items")
        # All refusals are above: from here on objects are created.
        prices = [price if isinstance(price, Price) else Price(**price) for price, _ in lines]
        super().__init__()
        self._line_items = [
            {"id": "li_" + random_id(14), "object": "item", "price": price.id, "quantity": quantity}
            for price, (_, quantity) in zip(prices, lines, strict=True)]
        self.mode = mode
        self.status = "open"
        self.payment_status = "unpaid"
        self.url = "https://checkout.stripe.com/c/pay/" + self.id
        self.success_url = success_url
        self.cancel_url = cancel_url
        self.customer = customer
        self.customer_email = customer_email
        self.customer_creation = customer_creation
        self.customer_details = None
        self.client_reference_id = client_reference_id
        self.metadata = metadata or {}
        self.currency = prices[0].currency
        self.amount_subtotal = self.amount_total = sum(
            price.unit_amount * quantity for price, (_, quantity) in zip(prices, lines, strict=True))
        self.subscription = None
        self.payment_intent = None
        self.expires_at = self.created + 24 * 3600
        self._subscription_metadata = (subscription_data or {}).get("metadata") or {}
        self._payment_intent_metadata = (payment_intent_data or {}).get("metadata") or {}

    @staticmethod
    def _line(index: int, item) -> tuple:
        """(an existing Price, or the parameters of an inline one; quantity)."""
        param = f"line_items[{index}]"
        require(isinstance(item, dict), f"Invalid {param}.", param)
        quantity = try_convert_to_int(item.get("quantity"))
        require(isinstance(quantity, int) and quantity > 0,
                f"Missing required param: {param}[quantity].", f"{param}[quantity]")
        require(("price" in item) != ("price_data" in item),
                f"You must specify exactly one of {param}[price] or {param}[price_data].", param)
        if "price" in item:
            return retrieve(Price, item["price"], f"{param}[price]"), quantity
        data = item["price_data"]
        require(isinstance(data, dict) and (data.get("product") or data.get("product_data")),
                f"Missing required param: {param}[price_data][product_data].",
                f"{param}[price_data]")
        return {**data, "recurring": data.get("recurring")}, quantity

    def _line_items_export(self) -> dict:
        data = []
        for line in self._line_items:
            price = Price._api_retrieve(line["price"])
            total = price.unit_amount * line["quantity"]
            data.append({**line, "price": price._export(), "currency": price.currency,
                         "amount_subtotal": total, "amount_total": total,
                         "description": Product._api_retrieve(price.product).name})
        return {"object": "list", "data": data, "has_more": False,
                "url": f"/v1/checkout/sessions/{self.id}/line_items"}

    def _export(self, expand=None):
        expand = list(expand or [])
        with_lines = "line_items" in expand
        if with_lines:
            expand.remove("line_items")
        exported = super()._export(expand=expand)
        if with_lines:
            exported["line_items"] = self._line_items_export()
        return exported

    def _complete(self, card_number: str) -> None:
        """What Stripe does when the reader pays on the hosted page."""
        if self.status != "open":
            raise UserError(400, f"This Checkout Session is {self.status}, not open.")
        email = self.customer_email or Customer._api_retrieve(self.customer).email
        customer = self.customer
        if customer is None and (self.mode == "subscription" or self.customer_creation == "always"):
            customer = Customer(email=email).id
        card = PaymentMethod(type="card", card={"number": card_number, "exp_month": 12,
                                                "exp_year": time.gmtime().tm_year + 3, "cvc": "123"})
        if customer:
            PaymentMethod._api_attach(card.id, customer=customer)  # 402 for declining cards
            Customer._api_retrieve(customer).invoice_settings["default_payment_method"] = card.id
        if self.mode == "subscription":
            line = self._line_items[0]
            subscription = Subscription(
                customer=customer, metadata=dict(self._subscription_metadata),
                items=[{"plan": line["price"], "quantity": line["quantity"]}],
                payment_behavior="error_if_incomplete")  # a declined card raises 402
            self.subscription = subscription.id
        else:
            intent = PaymentIntent._api_create(
                confirm=True, amount=self.amount_total, currency=self.currency, customer=customer,
                payment_method=card.id, metadata=dict(self._payment_intent_metadata))
            if intent.status != "succeeded":
                raise UserError(402, "Your card was declined.", {"code": "card_declined"})
            self.payment_intent = intent.id
        self.customer = customer
        self.customer_details = {"email": email, "name": None}
        self.status = "complete"
        self.payment_status = "paid"
        schedule_webhook(Event("checkout.session.completed", self))


class BillingPortalSession(StripeObject):
    """``POST /v1/billing_portal/sessions``: a one-time link to the customer portal."""

    object = "billing_portal.session"
    _id_prefix = "bps_"

    def __init__(self, customer=None, return_url=None, locale=None, **kwargs):
        require(not kwargs, "Received unknown parameter: " + ", ".join(kwargs))
        require(customer, "Missing required param: customer.", "customer")
        retrieve(Customer, customer, "customer")
        super().__init__()
        self.customer = customer
        self.return_url = return_url
        self.locale = locale
        self.configuration = "bpc_fake_default"
        self.flow = None
        self.on_behalf_of = None
        self.url = "https://billing.stripe.com/p/session/test_" + random_id(24)


# Routes ---------------------------------------------------------------------

def _list(objects, url: str) -> dict:
    return {"object": "list", "data": objects, "has_more": False, "url": url}


def checkout_line_items(request):
    session = retrieve(CheckoutSession, request.match_info["id"], "id")
    return server.json_response(session._line_items_export())


async def complete_checkout(request):
    """Control endpoint (not Stripe's): the reader pays. Answers the events it caused."""
    session = retrieve(CheckoutSession, request.match_info["id"], "id")
    data = await server.get_post_data(request) or {}
    before = set(store)
    session._complete(data.get("card_number") or "4242424242424242")
    events = [obj._export() for key, obj in store.items()
              if key.startswith("event:") and key not in before]
    return server.json_response(_list(events, request.path))


def portal_sessions(request):
    """Control endpoint: every billing-portal session opened so far, oldest first."""
    sessions = [obj._export() for key, obj in store.items()
                if key.startswith("billing_portal.session:")]
    return server.json_response(_list(sessions, request.path))


def only_key(secret_key: str):
    """Accept only the configured secret key, as Stripe accepts only the account's."""
    @web.middleware
    async def middleware(request, handler):
        if request.path.startswith("/v1/") and server.get_api_key(request) != secret_key:
            raise UserError(401, "Invalid API Key provided.")
        return await handler(request)
    return middleware


def build_app(secret_key: str) -> web.Application:
    app = server.app
    app.middlewares.append(only_key(secret_key))
    # Keep state in this process: localstripe pickles its store to one shared
    # file in /tmp after every write.
    store.dump_to_disk = lambda: None
    routes = [
        ("POST", "/v1/prices", server.api_create(Price, "/v1/prices")),
        ("GET", "/v1/prices/{id}", server.api_retrieve(Price, "/v1/prices")),
        ("POST", "/v1/checkout/sessions",
         server.api_create(CheckoutSession, "/v1/checkout/sessions")),
        ("GET", "/v1/checkout/sessions/{id}/line_items", checkout_line_items),
        ("GET", "/v1/checkout/sessions/{id}",
         server.api_retrieve(CheckoutSession, "/v1/checkout/sessions")),
        ("POST", "/v1/billing_portal/sessions",
         server.api_create(BillingPortalSession, "/v1/billing_portal/sessions")),
        ("POST", "/_config/checkout/sessions/{id}/complete", complete_checkout),
        ("GET", "/_config/billing_portal/sessions", portal_sessions),
    ]
    for method, path, handler in routes:
        app.router.add_route(method, path, handler)
    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m stripe_fake", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret-key", required=True, help="The only API key accepted (sk_...).")
    args = parser.parse_args(argv)
    web.run_app(build_app(args.secret_key), host="127.0.0.1", port=args.port, access_log=None,
                print=None)
