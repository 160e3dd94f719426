"""SYNTHETIC registries for benchmarks and scale tests — never real data, never mixed into data/.

Every id starts with ``syn-`` and every name with ``SYN``; sources point to ``https://synthetic.invalid/``.
The shape follows the report: 40.57% general, 37.72% specialty, 11.74% TCM, the rest other; 1–3 developers per
model over the five developer types; partners; chains of base models on a few foundation rows; specialties; dates.

>>> import tempfile, pathlib
>>> out = generate(50, pathlib.Path(tempfile.mkdtemp()))
>>> from medkg.loaders import load_registry
>>> len(load_registry(out).medical_models)
50
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

SOURCE = "https://synthetic.invalid/medkg"
TYPE_SHARES = (("general", 0.4057), ("specialty", 0.3772), ("tcm", 0.1174), ("other", 0.0997))
ORG_TYPES = ("enterprise", "university", "research_institute", "hospital", "government")
ORG_WEIGHTS = (0.35, 0.25, 0.12, 0.25, 0.03)
SPECIALTIES = ("pathology", "radiology", "ophthalmology", "cardiology", "oncology", "pediatrics", "mental_health",
               "dentistry", "dermatology", "endocrinology", "neurology", "surgery")
FOUNDATIONS = 20
MODEL_COLUMNS = ["id", "name", "name_en", "aliases", "model_type", "specialties", "developers", "partners", "base_models",
                 "successor_of", "release_date", "scenarios", "source_url", "source_note"]
ORG_COLUMNS = ["id", "name", "name_en", "org_type", "province", "value_chain", "source_url", "source_note"]


def generate(n_models: int, out: Path, seed: int = 7) -> Path:
    """Write a synthetic registry with *n_models* medical models (plus foundation rows) into folder *out*."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    n_orgs = max(10, n_models // 3)
    org_types = rng.choices(ORG_TYPES, ORG_WEIGHTS, k=n_orgs)
    with (out / "organizations.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ORG_COLUMNS)
        for i, org_type in enumerate(org_types):
            tier = "upstream;midstream" if org_type == "enterprise" and i % 5 == 0 else (
                "downstream" if org_type == "hospital" else "midstream")
            writer.writerow([f"syn-org-{i}", f"SYN机构{i}", f"SYN Organization {i}", org_type, f"SYN省{i % 31}", tier,
                             SOURCE, "synthetic"])
    types = [t for t, _ in TYPE_SHARES]
    weights = [w for _, w in TYPE_SHARES]
    with (out / "models.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(MODEL_COLUMNS)
        for f in range(FOUNDATIONS):
            writer.writerow([f"syn-base-{f}", f"SYN基座{f}", f"SYN Base {f}", "", "foundation", "", f"syn-org-{f % n_orgs}",
                             "", "", "", f"{2022 + f % 3}", "", SOURCE, "synthetic"])
        for i in range(n_models):
            model_type = rng.choices(types, weights)[0]
            developers = rng.sample(range(n_orgs), k=rng.choice((1, 1, 2, 3)))
            partners = [p for p in rng.sample(range(n_orgs), k=rng.choice((0, 0, 1, 2))) if p not in developers]
            base = f"syn-base-{rng.randrange(FOUNDATIONS)}" if i < 10 or rng.random() < 0.8 else f"syn-model-{rng.randrange(i)}"
            kind = rng.choice(("finetune", "adapter", "continued_pretraining", ""))
            specialties = ";".join(rng.sample(SPECIALTIES, k=rng.choice((1, 2)))) if model_type == "specialty" else (
                "tcm" if model_type == "tcm" else "")
            year, month, day = 2023 + rng.randrange(3), 1 + rng.randrange(12), 1 + rng.randrange(28)
            date = rng.choice((f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}", ""))
            successor = f"syn-model-{i - 1}" if i and rng.random() < 0.05 else ""
            writer.writerow([f"syn-model-{i}", f"SYN医疗模型{i}", f"SYN Medical Model {i}", f"SYN-M{i}", model_type,
                             specialties, ";".join(f"syn-org-{d}" for d in developers),
                             ";".join(f"syn-org-{p}" for p in partners), f"{base}:{kind}" if kind else base, successor,
                             date, rng.choice(("clinical", "patient_service", "research;education")), SOURCE, "synthetic"])
    return out
