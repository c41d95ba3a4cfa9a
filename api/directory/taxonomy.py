"""The category taxonomy, read once from resources/categories.yaml: its slugs are the API contract."""
from dataclasses import dataclass
from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).resolve().parents[2] / "resources" / "categories.yaml"


@dataclass(frozen=True)
class Category:
    slug: str
    name: str  # English source text, translated through the catalogs
    description: str


def load_taxonomy(path: Path = TAXONOMY_FILE) -> tuple[Category, ...]:
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    return tuple(Category(**item) for item in document["categories"])


CATEGORIES = load_taxonomy()
CATEGORY_SLUGS = tuple(category.slug for category in CATEGORIES)
