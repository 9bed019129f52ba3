"""Loading inspection frameworks from data (``fixtures/frameworks.json`` or an operator's file).

The same function serves the data migration (with historical models) and the
``load_framework`` command, so adding a framework never needs code.
"""

import json
from datetime import date
from pathlib import Path

CATALOGUE_PATH = Path(__file__).parent / "fixtures" / "frameworks.json"
MODEL_NAMES = ("Framework", "RatingLevel", "ScoreBand", "Domain", "Standard")


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[dict]:
    """The frameworks described in a JSON file (a list, or a single framework object)."""
    data = json.loads(Path(path).read_text())
    return data if isinstance(data, list) else [data]


def load_framework(data: dict, models) -> object:
    """Create or update one framework from ``data``; ``models`` maps model names to classes.

    Idempotent: loading the same data twice leaves one copy. Rating levels and bands are
    replaced; domains and standards are updated in place by code, so ratings already given
    against a standard keep pointing at it.
    """
    framework, _ = models["Framework"].objects.update_or_create(
        code=data["code"],
        defaults={
            "name": data["name"],
            "in_force_from": date.fromisoformat(data["in_force_from"])
            if data.get("in_force_from")
            else None,
            "overall_rating_method": data.get("overall_rating_method", "computed"),
            "notes": data.get("notes", ""),
        },
    )
    framework.rating_levels.all().delete()
    for rating, points in data["scale"].items():
        models["RatingLevel"].objects.create(framework=framework, rating=rating, points=points)
    framework.score_bands.all().delete()
    for low, high, rating in data.get("bands", []):
        models["ScoreBand"].objects.create(
            framework=framework, min_score=low, max_score=high, rating=rating
        )
    for domain_order, domain_data in enumerate(data["domains"]):
        _load_domain(framework, domain_order, domain_data, models)
    return framework


def _load_domain(framework, order: int, data: dict, models) -> None:
    domain, _ = models["Domain"].objects.update_or_create(
        framework=framework, code=data["code"], defaults={"name": data["name"], "order": order}
    )
    for standard_order, standard in enumerate(data["standards"]):
        models["Standard"].objects.update_or_create(
            domain=domain,
            code=standard["code"],
            defaults={
                "name": standard["name"],
                "scored": standard.get("scored", True),
                "order": standard_order,
                "description": standard.get("description", ""),
            },
        )
