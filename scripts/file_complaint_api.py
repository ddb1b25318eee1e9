"""File a complaint in Odoo from an outside system (hotline, CRM, e-commerce) through Odoo 19's
JSON-2 API, safely retried: the same reference never files twice.

    python scripts/file_complaint_api.py --url http://localhost:8069 --db complaints \\
        --key "$ODOO_API_KEY" --ref HL-2026-0001 --customer C-1001 --order S00028 \\
        --line WB-24:2 --description "Two boilers leak at the pressure valve"

The API key is one of a complaint user's keys (Preferences ▸ Account Security ▸ New API Key,
scope rpc); the user needs read access to the orders it names. Prints the complaint's number
and whether this call created it; on a network error it retries with the same reference.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request


def file_complaint(url, db, key, payload, attempts=3):
    request = urllib.request.Request(
        f"{url.rstrip('/')}/json/2/customer.complaint/file_complaint",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}", "X-Odoo-Database": db},
    )
    for attempt in range(1, attempts + 1):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:  # refused: a clear message, nothing was filed
            text = error.read().decode(errors="replace")
            try:
                text = json.loads(text).get("message", text)
            except ValueError:
                pass
            raise SystemExit(f"refused ({error.code}): {text[:500]}") from None
        except (urllib.error.URLError, TimeoutError) as error:  # lost: the same reference is safe to send again
            if attempt == attempts:
                raise SystemExit(f"no answer after {attempts} attempts: {error}") from None
            time.sleep(2**attempt)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--ref", required=True, help="your system's reference, unique per source")
    parser.add_argument("--source", default="hotline")
    parser.add_argument("--customer", required=True, help="the customer's reference in Odoo, or its id")
    parser.add_argument("--order", help="the sales order number")
    parser.add_argument("--line", action="append", default=[], help="PRODUCT_CODE:QUANTITY[:LOT], repeatable")
    parser.add_argument("--channel", default="phone")
    parser.add_argument("--description", required=True)
    args = parser.parse_args()
    lines = []
    for spec in args.line:
        product, quantity, *lot = spec.split(":")
        lines.append({"product": product, "quantity": float(quantity), **({"lot": lot[0]} if lot else {})})
    customer = int(args.customer) if args.customer.isdigit() else args.customer
    result = file_complaint(
        args.url,
        args.db,
        args.key,
        {
            "external_ref": args.ref,
            "source": args.source,
            "customer": customer,
            "order": args.order,
            "lines": lines,
            "channel": args.channel,
            "description": args.description,
        },
    )
    print(f"{result['name']} ({'filed now' if result['created'] else 'already filed'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
