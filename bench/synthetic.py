"""A synthetic directory for load tests: N entries spread over the countries the benchmark does not query.

Phone numbers are phonenumbers' own example numbers for each country and links point at
example.org: nothing here is a real service, and none of it is ever served to a person.
"""
import copy
import itertools
import sys

import phonenumbers

from api.directory.entries import KINDS
from api.directory.taxonomy import CATEGORY_SLUGS
from api.schemas import COUNTRY_CODES, entry_schema

LEFT_ALONE = {"FR", "CA"}  # the countries the benchmark asks about keep their real, small answers
NUMBER_TYPES = (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.TOLL_FREE)


def example_numbers(country: str) -> list[str]:
    numbers = []
    for kind in NUMBER_TYPES:
        number = phonenumbers.example_number_for_type(country, kind)
        if number is not None:
            numbers.append(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return numbers


def template(country: str, number: str) -> dict:
    """One valid entry for a country, through the same schema as every import."""
    raw = {
        "id": f"synthetic-{country.lower()}", "kind": "listening_line", "countries": [country],
        "categories": ["cyberharassment"], "language": "en", "priority": 50,
        "hours": {"timezone": "UTC", "weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "18:00"}]},
        "contacts": [{"type": "phone", "value": number}, {"type": "web", "value": "https://example.org/"}],
        "texts": {"en": {"name": "Synthetic service", "description": "A load-test entry, not a real service."}},
        "sources": ["https://example.org/"], "verified_at": "2026-01-01",
    }
    return entry_schema.dump(entry_schema.load(raw))


def documents(count: int) -> list[dict]:
    countries = []
    for code in COUNTRY_CODES:
        if code in LEFT_ALONE:
            continue
        numbers = example_numbers(code)
        try:
            countries.append((code, [template(code, n) for n in numbers]))
        except Exception:  # a country phonenumbers has no valid example for
            continue
    countries = [(code, templates) for code, templates in countries if templates]
    result = []
    kinds = [k for k in KINDS if k != "emergency"]
    for index, (code, templates) in zip(range(count), itertools.cycle(countries)):
        document = copy.deepcopy(templates[index % len(templates)])
        document["id"] = f"synthetic-{code.lower()}-{index}"
        document["kind"] = kinds[index % len(kinds)]
        document["categories"] = [CATEGORY_SLUGS[index % len(CATEGORY_SLUGS)], CATEGORY_SLUGS[(index * 7) % len(CATEGORY_SLUGS)]]
        document["categories"] = sorted(set(document["categories"]))
        document["priority"] = index % 100
        document["texts"]["en"]["name"] = f"Synthetic service {index}"
        result.append(document)
    return result


if __name__ == "__main__":
    print(len(documents(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)))
