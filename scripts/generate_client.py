"""Generate a Python client for the yjtracker API with openapi-python-client, offline.

The schema comes from a running server (``--url``, e.g. ``http://127.0.0.1:8000/api/schema/``),
from a file (``--schema``), or, with neither, is rendered in-process by drf-spectacular. The
client is written to ``--output`` (default ``tests/api/generated_client/``, git-ignored): it is
generated when needed, never committed.

    python scripts/generate_client.py --url http://127.0.0.1:8000/api/schema/ --token KEY
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "tests" / "api" / "generated_client"
PACKAGE = "yjtracker_client"


def fetch_schema(url: str, token: str | None = None) -> dict:
    """The OpenAPI document served at ``url`` (as JSON), authenticated with ``token`` if given."""
    request = urllib.request.Request(url, headers={"Accept": "application/vnd.oai.openapi+json"})
    if token:
        request.add_header("Authorization", f"Token {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def render_schema() -> dict:
    """The OpenAPI document drf-spectacular renders for this project, without a server."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjtracker.settings")
    import django

    django.setup()
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def json_bodies_only(schema: dict) -> dict:
    """The schema with request bodies in JSON only: the client speaks JSON.

    drf-spectacular also lists the form encodings the browsable API uses; given three media
    types for one body, openapi-python-client 0.29 writes a body annotation naming ``Unset``
    without importing it, and the generated module fails to import.
    """
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            content = (
                operation.get("requestBody", {}).get("content")
                if isinstance(operation, dict)
                else None
            )
            if content and "application/json" in content:
                operation["requestBody"]["content"] = {
                    "application/json": content["application/json"]
                }
    return schema


def generate_client(schema: dict, output_dir: Path, package: str = PACKAGE) -> Path:
    """Write the client package ``package`` under ``output_dir`` and return the package's path.

    Post hooks (ruff) are switched off so generation needs nothing but the generator itself.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / package
    with tempfile.TemporaryDirectory(prefix="yj-schema-") as work:
        schema_path = Path(work) / "schema.json"
        schema_path.write_text(json.dumps(json_bodies_only(schema)))
        config_path = Path(work) / "config.json"
        config_path.write_text(json.dumps({"package_name_override": package, "post_hooks": []}))
        command = [
            *(sys.executable, "-m", "openapi_python_client", "generate"),
            *("--path", str(schema_path), "--config", str(config_path)),
            *("--meta", "none", "--output-path", str(target), "--overwrite"),
        ]
        subprocess.run(command, check=True, capture_output=True, text=True)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="URL of /api/schema/ on a running server")
    parser.add_argument("--token", help="API token, if the schema needs authentication")
    parser.add_argument("--schema", type=Path, help="a saved OpenAPI document (JSON)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    if args.url:
        schema = fetch_schema(args.url, args.token)
    elif args.schema:
        schema = json.loads(args.schema.read_text())
    else:
        schema = render_schema()
    print(generate_client(schema, args.output))


if __name__ == "__main__":
    main()
