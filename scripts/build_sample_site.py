"""Build the shipped sample site, evidence/sample-provincial-dc/, through the real library.

The sample is illustrative: a provincial server room growing into a data centre, mostly in order,
with several critical gaps in power and cooling redundancy. Every applicable criterion gets an
answer; evidence files are small generated documents that say they are samples; an auditor has
reviewed a few answers; the project manager has set one plan override.

Run from the repository root after changing the catalogue:  python scripts/build_sample_site.py
"""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tierassess.core.models import (
    ActionOverride,
    ActionStatus,
    Assessment,
    Checklist,
    ChoiceAnswer,
    Comparator,
    CoolingTechnology,
    Criterion,
    EvidenceKind,
    Lang,
    LocalizedText,
    MeasuredAnswer,
    PlanningSettings,
    PlanOverrides,
    Result,
    SiteDesignConditions,
    SiteProfile,
    shipped_design_defaults,
)
from tierassess.storage.answers import record_answer
from tierassess.storage.evidence import add_evidence
from tierassess.storage.review import record_review
from tierassess.storage.session import SiteSession, create_site, open_site
from tierassess.storage.workspace import Workspace

SITE_ID = "sample-provincial-dc"
ENGINEER = "Nguyễn Văn An (kỹ sư, mẫu)"
AUDITOR = "Trần Thị Bình (kiểm tra viên, mẫu)"
ANSWERED_FROM = datetime(2026, 10, 5, 1, 30, tzinfo=UTC)

PROFILE = SiteProfile(
    id=SITE_ID,
    name="Trung tâm dữ liệu tỉnh – cơ sở mẫu minh họa",
    operator="Trung tâm Chuyển đổi số và Đổi mới sáng tạo (số liệu mẫu)",
    address="Địa chỉ minh họa, phường Cẩm Thành, Quảng Ngãi (không phải cơ sở thực)",
    target_tier=3,
    cooling_technology=CoolingTechnology.DX_AIR_COOLED,
    design_it_load_kw=250,
    halls=2,
    report_language=Lang.VI,
    assessor=ENGINEER,
    has_generators=True,
    has_raised_floor=True,
    gaseous_suppression=True,
    shared_building=False,
    coastal=True,
    state_agency=True,
    sample=True,
    planning=PlanningSettings(start_year=2025, end_year=2030),
    design=SiteDesignConditions(
        flood_level_m=1.5,
        sources={
            **shipped_design_defaults().design.sources,
            "flood_level_m": LocalizedText(
                vi="Vết lũ minh họa tại cổng, 1,5 m trên sàn tầng trệt (số liệu mẫu, không có thật)",
                en="Illustrative flood mark at the gate, 1.5 m above the ground floor (sample figure)",
            ),
        },
    ),
    notes=(
        "MẪU MINH HỌA – ILLUSTRATIVE SAMPLE. Số liệu được dựng để minh họa công cụ, không mô tả "
        "một cơ sở có thật. The figures are made up to show the tool; they describe no real facility."
    ),
)

# The gaps of the sample, criterion by criterion: what an engineer found. Criteria not listed here
# are met (measured ones with a value that meets the threshold with a margin).
DECISIONS: dict[str, dict[str, object]] = {
    # Power: one generator, a standby rating, 8 h of fuel in one shared day tank, one main board.
    "PWR-GEN-01": {"value": 0, "notes": "Chỉ có 01 máy phát 500 kVA; không có tổ máy dự phòng."},
    "PWR-GEN-02": {
        "choice": "esp_or_ltp",
        "notes": "Nhãn máy ghi công suất dự phòng (ESP); chưa có xác nhận giảm định mức.",
    },
    "PWR-GEN-04": {"choice": "controls_spof", "notes": "Một bộ điều khiển hòa đồng bộ duy nhất."},
    "PWR-FUEL-06": {
        "value": 8,
        "notes": "Bồn 1.000 lít, tiêu thụ khoảng 120 lít/giờ ở tải thiết kế.",
    },
    "PWR-FUEL-01": {
        "value": 0,
        "notes": "Một bồn duy nhất: cô lập bồn thì máy phát không còn nhiên liệu.",
    },
    "PWR-GEN-09": {
        "choice": "standby_rating_derated",
        "notes": "Số tổ N tính theo công suất ESP đã suy giảm theo nhiệt độ phòng máy.",
    },
    "PWR-DIST-04": {
        "choice": "common_board",
        "notes": "Tuyến A và B cùng lấy điện từ thanh cái đầu ra của tủ UPS mô-đun.",
    },
    "PWR-FUEL-02": {
        "choice": "single_shared",
        "notes": "Một bồn dầu ngày cấp cho máy phát duy nhất.",
    },
    "PWR-FUEL-03": {"choice": "single_pump_or_pipe", "notes": "Một bơm chuyển dầu, một tuyến ống."},
    "PWR-SWG-01": {"choice": "single_board", "notes": "Một tủ điện tổng MSB cấp cho toàn bộ tải."},
    "PWR-ATS-01": {
        "choice": "none_bypassable",
        "notes": "ATS không có nhánh bypass; bảo trì ATS phải cắt tải.",
    },
    "PWR-UPS-01": {
        "choice": "n_plus_1_common_frame",
        "notes": "UPS dạng module 4x50 kW trong một tủ chung.",
    },
    "PWR-UPS-02": {"value": 12},
    "PWR-UPS-03": {"value": 64},
    "PWR-UPS-04": {"choice": "internal_only", "notes": "Chỉ có bypass bảo trì bên trong tủ UPS."},
    "PWR-GEN-03": {"value": 12},
    "PWR-GEN-05": {"value": 10, "notes": "Thiếu nhật ký chạy có tải tháng 2 và tháng 8."},
    "PWR-DIST-01": {
        "choice": "alternate_unconditioned",
        "notes": "Nhánh B lấy điện lưới qua ATS, không qua UPS.",
    },
    "PWR-DIST-02": {"value": 78, "notes": "Khoảng 22% tải (thiết bị mạng cũ) chỉ có một nguồn."},
    "PWR-BAT-03": {"value": 6, "notes": "Ắc quy lắp năm 2020."},
    "PWR-DOC-01": {
        "choice": "outdated",
        "notes": "Sơ đồ một sợi chưa cập nhật sau lần cải tạo 2023.",
    },
    # Concurrent maintainability: isolations have never been tested under load.
    "CMT-PRG-01": {
        "value": 35,
        "notes": "Chỉ UPS module và điều hòa từng được cô lập có biên bản.",
    },
    "CMT-PRG-02": {"choice": "partial_register"},
    "CMT-PRG-03": {"choice": "weak_conditions"},
    "CMT-PRG-05": {
        "value": 2,
        "notes": "Hai lần dừng hệ thống CNTT để bảo trì tủ điện tổng (2025).",
    },
    "CMT-GEN-01": {"choice": "cannot_isolate", "notes": "Chỉ có một máy phát."},
    "CMT-SWG-01": {"choice": "cannot_isolate"},
    "CMT-ATS-01": {"choice": "cannot_isolate"},
    "CMT-UPS-01": {"choice": "modules_only"},
    "CMT-CLG-01": {"choice": "tested_some"},
    "CLG-MNT-03": {
        "choice": "tested_some",
        "notes": "Mới thử dừng từng điều hòa; chưa thử tủ điện cơ.",
    },
    "CMT-FUEL-01": {"choice": "cannot_isolate"},
    # Cooling: precision air conditioners at N only; one feed to the cooling boards.
    "CLG-UNIT-01": {
        "value": 0,
        "notes": "04 điều hòa chính xác 45 kW cho tải nhiệt khoảng 170 kW: không có máy dự phòng.",
    },
    "CLG-UNIT-02": {
        "value": 80,
        "notes": "Khi dừng một máy, công suất còn lại khoảng 80% tải nhiệt thiết kế.",
    },
    "CLG-PWR-02": {
        "choice": "single_board",
        "notes": "Các điều hòa cùng lấy điện từ một tủ điện cơ.",
    },
    "CLG-SUP-01": {"choice": "n_only", "notes": "Phòng UPS chỉ có một máy điều hòa 3,5 kW."},
    "CLG-AMB-01": {"value": 38, "notes": "Dàn nóng được chọn ở 38 °C ngoài trời."},
    # 2.7 m above the ground floor: 1.2 m above the 1.5 m flood mark of the profile
    "SIT-FLD-02": {
        "value": 2.7,
        "notes": "Phòng máy ở tầng 2, sàn cao 2,7 m so với sàn tầng trệt.",
    },
    "CLG-ENV-01": {"value": 24.5},
    # Telecommunications: two carriers, but both in one duct.
    "TEL-ENT-01": {
        "value": 3,
        "notes": "Cáp của hai nhà mạng đi chung một tuyến cống vào tòa nhà.",
    },
    # Operations and information security.
    "OPS-STF-01": {"value": 1, "notes": "Ca đêm chỉ có 01 kỹ thuật viên trực."},
    "ISC-BAK-02": {"value": 240, "notes": "Lần khôi phục thử gần nhất cách đây khoảng 8 tháng."},
    "FIR-INT-01": {
        "result": "partial",
        "value": 8,
        "notes": "Thời gian giữ nồng độ đo được 8 phút.",
    },
    "MON-ALM-01": {
        "result": "partial",
        "notes": "Có ma trận báo động nhưng chưa cập nhật số điện thoại ca đêm.",
    },
}

# Evidence captured long ago: the catalogue says such records prove nothing after a year.
STALE_EVIDENCE = {("power", EvidenceKind.TEST_RECORD): date(2024, 6, 14)}
FRESH_CAPTURE = date(2026, 9, 22)

REVIEWS = {
    "PWR-UPS-02": ("accepted", "Biên bản thử xả ắc quy đầy đủ chữ ký."),
    "FIR-SUP-01": ("accepted", "Đã kiểm tra tem kiểm định bình khí."),
    "TEL-AP-01": ("accepted", None),
    "SEC-ACC-01": ("needs_evidence", "Cần bổ sung nhật ký ra vào 3 tháng gần nhất."),
    "OPS-MNT-01": ("rejected", "Kế hoạch bảo trì chưa bao gồm điều hòa chính xác."),
}


def met_value(spec: MeasuredAnswer) -> float:
    """A plausible value that meets the threshold with some margin."""
    threshold = spec.threshold
    if spec.comparator in (Comparator.GE, Comparator.GT):
        value = threshold * 1.25 if threshold > 0 else 1.0
        if spec.comparator is Comparator.GT and value <= threshold:
            value = threshold + 1
    elif spec.comparator in (Comparator.LE, Comparator.LT):
        value = threshold * 0.8
        if spec.comparator is Comparator.LT and value >= threshold:
            value = threshold - 1
    else:
        value = threshold
    if spec.plausible_max is not None:
        value = min(value, spec.plausible_max)
    if spec.unit in ("units", "sets", "persons", "providers", "units beyond N"):
        value = float(round(value))
    return round(value, 1)


def answer_fields(criterion: Criterion) -> dict[str, object]:
    decision = dict(DECISIONS.get(criterion.id, {}))
    spec = criterion.answer
    if isinstance(spec, MeasuredAnswer):
        decision.setdefault("value", met_value(spec))
        decision["unit"] = spec.unit
        decision.pop("result", None)  # a measured result always comes from the value
    elif isinstance(spec, ChoiceAnswer):
        decision.setdefault("choice", next(o.id for o in spec.options if o.result == "met"))
    else:
        decision.setdefault("result", "met")
    return decision


def sample_pdf(path: Path, title: str, lines: list[str]) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from tierassess.reports.fonts import BOLD, REGULAR, register_fonts

    register_fonts()
    regular, bold = REGULAR, BOLD
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont(bold, 16)
    canvas.drawString(56, 780, "MẪU MINH HỌA – ILLUSTRATIVE SAMPLE")
    canvas.setFont(bold, 12)
    canvas.drawString(56, 750, title)
    canvas.setFont(regular, 10)
    for number, line in enumerate(lines):
        canvas.drawString(56, 720 - 16 * number, line)
    canvas.save()


def sample_photo(path: Path, caption: str) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from tierassess.reports.fonts import BOLD, REGULAR, font_path

    image = Image.new("RGB", (640, 400), (214, 222, 230))
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path(BOLD)), 26)
    small = ImageFont.truetype(str(font_path(REGULAR)), 18)
    draw.rectangle((20, 20, 620, 380), outline=(60, 80, 100), width=4)
    draw.text((40, 40), "ẢNH MẪU – SAMPLE PHOTO", fill=(150, 30, 30), font=font)
    draw.text((40, 100), caption, fill=(20, 20, 20), font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    path.write_bytes(buffer.getvalue())


def make_evidence_file(folder: Path, checklist: Checklist, domain: str, kind: EvidenceKind) -> Path:
    title = checklist.domain(domain).title
    label = {
        EvidenceKind.PHOTO: ("Ảnh hiện trạng", "Site photos"),
        EvidenceKind.DRAWING: ("Bản vẽ hoàn công", "As-built drawings"),
        EvidenceKind.TEST_RECORD: ("Biên bản thử nghiệm", "Test records"),
        EvidenceKind.LOG: ("Nhật ký vận hành", "Operating log"),
        EvidenceKind.DOCUMENT: ("Hồ sơ, tài liệu", "Documents"),
    }[kind]
    heading = f"{label[0]} – {title.vi} / {label[1]} – {title.en}"
    stem = f"{domain}-{kind.value}".replace("_", "-")
    if kind is EvidenceKind.PHOTO:
        path = folder / f"{stem}.png"
        sample_photo(path, heading)
    elif kind is EvidenceKind.LOG:
        path = folder / f"{stem}.csv"
        rows = ["thoi_diem_utc,hang_muc,gia_tri,ghi_chu"]
        start = datetime(2026, 9, 1, tzinfo=UTC)
        for day in range(21):
            at = (start + timedelta(days=day)).strftime("%Y-%m-%dT08:00Z")
            rows.append(f"{at},{domain},{20 + day % 5},MẪU MINH HỌA – sample data")
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    else:
        path = folder / f"{stem}.pdf"
        sample_pdf(
            path,
            heading,
            [
                "Tài liệu này được tạo tự động để minh họa tierassess; không phải hồ sơ thực.",
                "This file was generated to illustrate tierassess; it is not a real record.",
                f"Cơ sở / Site: {PROFILE.name}",
            ],
        )
    return path


def build(workspace: Workspace) -> Assessment:
    checklist = workspace.load_checklist()
    site_dir = workspace.site_dir(SITE_ID)
    # files other tools keep in the site folder (the topology model) survive a rebuild
    kept = {
        name: (site_dir / name).read_bytes()
        for name in ("topology.yaml",)
        if (site_dir / name).is_file()
    }
    if site_dir.exists():
        shutil.rmtree(site_dir)
    profile = PROFILE.model_copy(
        update={
            "planning": PROFILE.planning.model_copy(
                update={
                    "lead_unit": checklist.planning.defaults.lead_unit
                    if checklist.planning
                    else None,
                    "coordinating_unit": checklist.planning.defaults.coordinating_unit
                    if checklist.planning
                    else None,
                }
            )
        }
    )
    create_site(workspace, profile, checklist, ENGINEER)
    for name, content in kept.items():
        (site_dir / name).write_bytes(content)
    applicable = checklist.applicable(profile)
    unknown = set(DECISIONS) - {c.id for c in applicable}
    if unknown:
        raise SystemExit(f"decisions name criteria that do not apply or exist: {sorted(unknown)}")

    # One file per (domain, evidence kind), linked to every criterion of the domain that expects it.
    needed: dict[tuple[str, EvidenceKind], list[str]] = {}
    for criterion in applicable:
        for expectation in criterion.evidence:
            needed.setdefault((criterion.domain, expectation.kind), []).append(criterion.id)
    with tempfile.TemporaryDirectory() as scratch, open_site(workspace, SITE_ID, ENGINEER) as site:
        for (domain, kind), criteria in sorted(needed.items()):
            path = make_evidence_file(Path(scratch), checklist, domain, kind)
            add_evidence(
                site,
                path,
                criteria=sorted(set(criteria)),
                captured=STALE_EVIDENCE.get((domain, kind), FRESH_CAPTURE),
                note=f"Sample {kind.value.replace('_', ' ')} for {domain} (generated)",
                kind=kind,
                checklist=checklist,
            )

    with open_site(workspace, SITE_ID, ENGINEER) as site:
        _answer_all(site, applicable)
    with open_site(workspace, SITE_ID, AUDITOR) as site:
        for criterion_id, (verdict, comment) in REVIEWS.items():
            record_review(site, criterion_id, verdict, AUDITOR, comment)
    with open_site(workspace, SITE_ID, ENGINEER) as site:
        site.plan_overrides.actions.update(
            PlanOverrides(
                actions={
                    "PWR-GEN-01": ActionOverride(
                        status=ActionStatus.IN_PROGRESS,
                        start=date(2026, 3, 1),
                        end=date(2027, 6, 30),
                        status_reason="Đã phê duyệt chủ trương đầu tư máy phát thứ hai (mẫu).",
                        lead_unit=LocalizedText(
                            vi="Ban quản lý dự án của Trung tâm CDS và ĐMST",
                            en="CDS & DMST Centre project board",
                        ),
                        spent_vnd={2026: 1_850_000_000},
                    ),
                    # closed during 2026 (see build_sample_snapshots.py): done, with their cost
                    "TEL-AP-01": ActionOverride(
                        status=ActionStatus.DONE,
                        start=date(2026, 2, 2),
                        end=date(2026, 5, 29),
                        spent_vnd={2026: 210_000_000},
                    ),
                    "SEC-CCTV-01": ActionOverride(
                        status=ActionStatus.DONE,
                        start=date(2026, 4, 1),
                        end=date(2026, 8, 31),
                        spent_vnd={2026: 640_000_000},
                    ),
                }
            ).actions
        )
        site.commit("plan.edit", "PWR-GEN-01")
    return workspace.load_assessment(SITE_ID)


def _answer_all(site: SiteSession, applicable: list[Criterion]) -> None:
    assessment = site.assessment
    for number, criterion in enumerate(applicable):
        fields = answer_fields(criterion)
        answer = record_answer(
            assessment,
            criterion,
            actor=ENGINEER,
            at=ANSWERED_FROM + timedelta(minutes=3 * number),
            evidence=assessment.answer(criterion.id).evidence,
            **fields,  # type: ignore[arg-type]
        )
        site.commit(
            "answer.set", criterion.id, {"result": answer.result.value, "value": answer.value}
        )


if __name__ == "__main__":
    done = build(Workspace.at(Path(__file__).resolve().parent.parent))
    results: dict[Result, int] = {}
    for answer in done.answers.values():
        results[answer.result] = results.get(answer.result, 0) + 1
    print(f"{SITE_ID}: {len(done.answers)} answers, {dict(sorted(results.items()))}")
