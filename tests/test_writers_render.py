"""The policy writers' pages on fixture data with more institutions than five (issue 15).

`many_institutions` copies the fixture data and adds institutions cloned from
its own, with new ids, names, sources and some positions made silent, plus a
topic no institution addresses; the loader accepts the result like any data.
These tests run the renderers in-process; test_writers_browser.py builds the
site from the same data and drives it in chromium.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml
from conftest import copy_fixture_data

from policykit import load_catalog
from policykit.render import build_pages
from policykit.render.cite import citation
from policykit.render.wording import STRENGTH
from policykit.yamlio import load_yaml

TODAY = dt.date(2026, 11, 23)
HEAD = "# yaml-language-server: $schema=../schema/institution.schema.json\n"
QUIET_TOPIC = "quiet-topic"


def _dump(path: Path, data: dict) -> None:
    path.write_text(HEAD + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _clone(doc: dict, k: int) -> dict:
    """Institution `doc` as a new one, number k: new id, names, source, rule ids; some topics silent."""
    old, new = doc["id"], f"extra{k}"

    def rid(rule_id: str) -> str:
        return new + rule_id[len(old):]

    doc = yaml.safe_load(yaml.safe_dump(doc))
    doc.update(id=new, name=f"Extra School {k}", short_name=f"Extra {k}")
    doc["document"]["source"] = f"{new}.txt"
    doc["document"]["title"] = f"Extra School {k} policy"
    for r in doc["rules"]:
        r["id"] = rid(r["id"])
    for f in doc.get("faq") or []:
        f["id"] = rid(f["id"])
        f["rules"] = [rid(x) for x in f["rules"]]
    for h in doc.get("history") or []:
        h["rule"] = rid(h["rule"])
    for i, (topic, p) in enumerate(doc["positions"].items()):
        p["rules"] = [rid(x) for x in p.get("rules") or []]
        if p["stance"] != "not-addressed" and (i + k) % 3 == 0:
            doc["positions"][topic] = {"stance": "not-addressed", "summary": f"Extra School {k} says nothing on this."}
    return doc


def many_institutions(dest: Path, count: int = 8) -> Path:
    """The fixture data with `count` institutions in all, and a topic nobody addresses."""
    data = copy_fixture_data(dest)
    topics_file = data / "topics.yaml"
    topics = load_yaml(topics_file, "topics.yaml")[0]
    group = topics["groups"][-1]["id"]
    topics["topics"].append({"id": QUIET_TOPIC, "group": group, "title": "A quiet topic",
                             "question": "Does anyone say anything about this?", "description": "Nobody does."})
    topics_file.write_text("# yaml-language-server: $schema=schema/topics.schema.json\n" + yaml.safe_dump(topics, sort_keys=False), encoding="utf-8")
    originals = [load_yaml(p, p.name)[0] for p in sorted((data / "institutions").glob("*.yaml"))]
    for doc in originals:
        doc["positions"][QUIET_TOPIC] = {"stance": "not-addressed", "summary": "Silent."}
        _dump(data / "institutions" / f"{doc['id']}.yaml", doc)
    for k in range(1, count - len(originals) + 1):
        base = originals[k % len(originals)]
        copy = _clone(base, k)
        (data / "sources" / copy["document"]["source"]).write_bytes((data / "sources" / base["document"]["source"]).read_bytes())
        _dump(data / "institutions" / f"{copy['id']}.yaml", copy)
    return data


def pages_for(tmp_path: Path, count: int = 8):
    data = many_institutions(tmp_path, count)
    catalog = load_catalog(data, root=tmp_path)
    return catalog, build_pages(catalog, today=TODAY)


def build_site(data: Path, site: Path):
    """A real build of the project's mkdocs.yml from `data`, strict but for the home page.

    The hand-written home page links the real topics by id (`topics/texting.md`), which
    fixture data lacks; every other warning fails the build's caller.
    """
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1795392000", "POLICY_DATA": str(data)}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    home = re.compile(r"^WARNING -  Doc file 'index\.md' contains a link 'topics/[a-z0-9-]+\.md', but the target is not found")
    others = [ln for ln in result.stderr.splitlines() if ln.startswith(("WARNING", "ERROR")) and not home.match(ln)]
    return result, others
