"""Writes vocabulary.json from schema.org's release CSV files: every type with its direct
supertypes, every property with the types it may be used on (domainIncludes) and its
superproperties. Tests/site/test_structured_data.py checks the site's JSON-LD against it.

    python3 extract.py schemaorg-current-https-types.csv schemaorg-current-https-properties.csv > vocabulary.json
"""
import csv
import json
import sys


def names(cell):
    return sorted(part.strip().removeprefix("https://schema.org/") for part in cell.split(",") if part.strip())


def main(types_csv, properties_csv):
    with open(types_csv, encoding="utf-8", newline="") as source:
        types = {row["label"]: names(row["subTypeOf"]) for row in csv.DictReader(source)}
    with open(properties_csv, encoding="utf-8", newline="") as source:
        properties = {row["label"]: {"domain": names(row["domainIncludes"]), "superproperties": names(row["subPropertyOf"])}
                      for row in csv.DictReader(source)}
    json.dump({"release": "12.0", "types": dict(sorted(types.items())), "properties": dict(sorted(properties.items()))},
              sys.stdout, ensure_ascii=False, indent=0, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
