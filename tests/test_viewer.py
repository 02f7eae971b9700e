"""The auditor's viewer in a real browser: headless Chromium from Debian's packages.

CI installs chromium (.ci/run); without it these tests fail under CI and are skipped, with the
reason printed, on a developer's machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bundle_support import export_as as export_bundle
from session_support import add_evidence_as as add_evidence

from tierassess.core.models import Answer, ChoiceAnswer, Result, Review, ReviewVerdict, utc_now
from tierassess.storage.evidence import add_evidence as store
from tierassess.storage.session import open_site
from tierassess.storage.workspace import Workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HOSTILE_NAME = '<img src=x onerror="document.title=1">&amp;"\'.png'
HOSTILE_NOTE = "</td><script>document.title='pwned'</script><b>đậm</b>"
PHOTOS = 200

if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI must install chromium for the viewer tests (see .ci/run)")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


class Dom(HTMLParser):
    """Elements of the dumped DOM, with their attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self.in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.in_title:
            self.title += data

    def all(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.elements
            if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in wanted.items())
        ]


def _chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",  # CI runs as root
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--hide-scrollbars",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def _dom(page: str) -> Dom:
    dom = Dom()
    dom.feed(_chromium("--virtual-time-budget=3000", "--dump-dom", page).stdout)
    return dom


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A site on the shipped catalogue with 200 photos and one hostile file, exported and unzipped."""
    from PIL import Image

    root = tmp_path_factory.mktemp("viewer")
    shutil.copytree(
        Path(__file__).resolve().parent.parent / "checklists", root / "ws" / "checklists"
    )
    workspace = Workspace.at(root / "ws")
    from tierassess.core.models import SiteProfile

    profile = SiteProfile(
        id="viewer-dc",
        name="Trung tâm <dữ liệu> & thử",
        operator="Sở KH&CN",
        address="Huế",
        cooling_technology="dx_air_cooled",
        design_it_load_kw=200,
    )
    checklist = workspace.load_checklist()
    workspace.create_site(profile, checklist)
    applicable = checklist.applicable(profile)
    domains = list(dict.fromkeys(c.domain for c in applicable))
    first, second = (next(c for c in applicable if c.domain == d) for d in domains[:2])
    choice = next(
        c
        for c in applicable
        if isinstance(c.answer, ChoiceAnswer) and c.id not in (first.id, second.id)
    )

    files = root / "files"
    files.mkdir()
    with open_site(workspace, "viewer-dc", "Nguyễn Văn Kỹ") as session:  # one lock for 200 files
        for number in range(PHOTOS):
            photo = files / f"ảnh {number:03d}.png"
            Image.new("RGB", (24, 18), (number, 255 - number, (7 * number) % 256)).save(photo)
            store(session, photo, criteria=[first.id], checklist=checklist)
    hostile = files / HOSTILE_NAME
    Image.new("RGB", (24, 18), (200, 0, 0)).save(hostile, "PNG")
    bad = add_evidence(
        workspace, "viewer-dc", hostile, "Kỹ", criteria=[second.id], note=HOSTILE_NOTE
    )

    assessment = workspace.load_assessment("viewer-dc")
    assessment.answers[first.id] = Answer(
        result=Result.MET, answered_by="Nguyễn Văn Kỹ", answered_at=utc_now()
    )
    assessment.answers[second.id] = Answer(
        result=Result.NOT_MET, notes=HOSTILE_NOTE, evidence=[bad.sha256], answered_by="Kỹ"
    )
    assessment.answers[second.id].review = Review(
        verdict=ReviewVerdict.REJECTED,
        reviewer="Trần Thị Đào",
        at=utc_now(),
        comment=HOSTILE_NOTE,
        key_id="0123456789abcdef",
    )
    assert isinstance(choice.answer, ChoiceAnswer)
    option = choice.answer.options[0]
    assessment.answers[choice.id] = Answer(
        result=Result(option.result), choice=option.id, answered_by="Kỹ"
    )
    workspace.save_assessment(assessment)
    bundle = export_bundle(workspace, "viewer-dc", root / "b.zip", "Kỹ", lang="vi").path
    folder = root / "unzipped"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    facts: dict[str, object] = {
        "first": first.id,
        "second": second.id,
        "choice": choice.id,
        "option_label": option.label.vi,
        "option_id": option.id,
        "domain": second.domain,
    }
    return folder, facts


def test_the_viewer_shows_every_photo_and_opens_every_file(
    unpacked: tuple[Path, dict[str, object]],
) -> None:
    folder, facts = unpacked
    page = (folder / "index.html").as_uri()
    dom = _dom(page)
    rows = dom.all("tr", **{"class": "criterion"})
    assert len(rows) >= 3
    thumbnails = [
        a for t, a in dom.elements if t == "img" and (a.get("src") or "").startswith("files/")
    ]
    assert len(thumbnails) == PHOTOS + 1
    links = {a["href"] for a in dom.all("a") if a.get("href") and not a["href"].startswith("#")}
    assert len(links) == PHOTOS + 1
    assert all((folder / str(href)).is_file() for href in links), "every link opens a file"
    text = "".join(dom.text)
    assert f"{facts['option_label']}" in text  # the answer's label, not its code
    assert "Không chấp nhận" in text and "0123456789abcdef" in text  # review state and signer key
    assert all("http" not in (a.get("src") or a.get("href") or "") for _, a in dom.elements)


def test_hostile_names_and_notes_stay_text(unpacked: tuple[Path, dict[str, object]]) -> None:
    folder, _ = unpacked
    dom = _dom((folder / "index.html").as_uri())
    assert dom.title.startswith("Gói hồ sơ") and "pwned" not in dom.title and dom.title != "1"
    assert len(dom.all("script")) == 1  # ours, and only ours
    assert not [a for t, a in dom.elements if "onerror" in a]
    assert not dom.all("img", src="x")
    assert not [a for t, a in dom.elements if t == "b"]  # the note's <b> is not markup
    text = "".join(dom.text)
    assert HOSTILE_NAME in text and HOSTILE_NOTE in text
    assert "Trung tâm <dữ liệu> & thử" in text


def test_filters_hide_rows_by_result_review_and_domain(
    unpacked: tuple[Path, dict[str, object]],
) -> None:
    folder, facts = unpacked
    base = (folder / "index.html").as_uri()
    rows = _dom(f"{base}#result=not_met").all("tr", **{"class": "criterion"})
    visible = [r for r in rows if "hidden" not in r]
    assert [r["id"] for r in visible] == [facts["second"]]
    rejected = _dom(f"{base}#review=rejected&domain={facts['domain']}")
    shown = [r for r in rejected.all("tr", **{"class": "criterion"}) if "hidden" not in r]
    assert [r["id"] for r in shown] == [facts["second"]]
    everything = _dom(base).all("tr", **{"class": "criterion"})
    assert not [r for r in everything if "hidden" in r]


def test_a_screenshot_of_the_viewer(
    unpacked: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    folder, _ = unpacked
    shot = tmp_path / "viewer.png"
    _chromium("--window-size=1280,1600", f"--screenshot={shot}", (folder / "index.html").as_uri())
    from PIL import Image

    with Image.open(shot) as image:
        assert image.size == (1280, 1600)
        colours = image.convert("RGB").getcolors(1_000_000) or []
    assert len(colours) > 50  # text, thumbnails and tables, not a blank page
    keep = os.environ.get("TIERASSESS_SCREENSHOTS")
    if keep:
        shutil.copy(shot, Path(keep) / "viewer.png")
