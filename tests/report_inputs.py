"""Report inputs built by hand: a small bilingual checklist, an assessment, evidence, a scorecard
and a plan, so report tests do not depend on the scoring code or on the catalogue being edited.

The Vietnamese strings carry the letters that fonts without Vietnamese glyphs lose (ạ ả ẩ ậ ệ ồ
ờ ữ) and characters that break naive markup (& < >).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tierassess.core.models import (
    ActionStatus,
    Answer,
    AreaReadiness,
    Assessment,
    Checklist,
    ChecklistHeader,
    CostBand,
    Criterion,
    CriterionScore,
    Disruption,
    Domain,
    EvidenceIndex,
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
    LocalizedText,
    PlanningDefaults,
    PlanningTable,
    Priority,
    Reference,
    RemediationAction,
    RemediationPlan,
    RemediationTemplate,
    Result,
    Review,
    ReviewVerdict,
    Scorecard,
    ScoringSettings,
    Severity,
    SiteProfile,
    Standard,
    Subsystem,
    SubsystemVerdict,
    WorkflowState,
    YearTotal,
    YesNoAnswer,
)

AS_OF = date(2026, 11, 20)
UPDATED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)

DOMAINS = [
    ("power", "PWR", "Cung cấp điện", "Power", "electrical"),
    ("cooling", "CLG", "Làm mát", "Cooling", "mechanical"),
    ("fire", "FIR", "Phòng cháy chữa cháy", "Fire detection and suppression", "architectural"),
    ("operations", "OPS", "Vận hành và bảo trì", "Operations and maintenance", "operations"),
]

# Titles and actions with every hard Vietnamese letter, and markup characters.
TITLES_VI = [
    "Hệ thống UPS dự phòng N+1 cho toàn bộ tải CNTT",
    "Nhiên liệu dự trữ tại chỗ đủ 12 giờ ở tải thiết kế",
    "Đường ống nước lạnh có van cách ly để bảo trì đồng thời",
    "Cảm biến phát hiện khói sớm & báo động <VESDA> tại phòng máy",
    "Quy trình vận hành chuẩn được cập nhật, lưu trữ đầy đủ",
    "Ắc quy được kiểm tra định kỳ, ghi nhận điện trở trong",
    "Hai tuyến cáp quang vào tòa nhà theo hai hướng khác nhau",
    "Tủ phân phối điện có bảo vệ chống sét lan truyền",
]
ACTIONS_VI = [
    "Lắp đặt bổ sung một mô-đun UPS để đạt cấu hình N+1 ở tải thiết kế",
    "Mở rộng bồn dầu và ký hợp đồng cấp nhiên liệu ưu tiên",
    "Bổ sung van cách ly và đường ống vòng cho hệ thống nước lạnh",
    "Trang bị hệ thống báo khói sớm & kết nối trung tâm giám sát",
    "Xây dựng, ban hành bộ quy trình vận hành chuẩn (SOP, MOP, EOP)",
    "Thay thế tổ ắc quy suy giảm và lập nhật ký đo điện trở trong",
    "Thuê tuyến cáp quang thứ hai theo hướng độc lập",
    "Lắp thiết bị chống sét lan truyền cấp 1 và cấp 2",
]
REQUIRED_VI = list(TITLES_VI) + ACTIONS_VI


def _lt(vi: str, en: str) -> LocalizedText:
    return LocalizedText(vi=vi, en=en)


def make_inputs(
    criteria_per_domain: int = 8, *, sample: bool = True, evidence_items: int = 12
) -> tuple[Checklist, Assessment, EvidenceIndex, Scorecard, RemediationPlan]:
    """A consistent set of report inputs; about half the criteria are gaps with an action each."""
    header = ChecklistHeader(
        kind="checklist",
        id="tier3",
        version="1.0.0",
        title=_lt(
            "Đánh giá mức độ sẵn sàng Tier III của trung tâm dữ liệu",
            "Data centre Tier III readiness assessment",
        ),
        disclaimer=_lt(
            "Công cụ này đo mức độ sẵn sàng so với các tiêu chí công bố; kết quả không phải là "
            "chứng nhận. Chỉ Uptime Institute cấp chứng nhận Tier.",
            "This tool measures readiness against published criteria; its results are not a "
            "certification. Only Uptime Institute certifies a Tier.",
        ),
        standards=[
            Standard(id="tia-942-b", title=_lt("ANSI/TIA-942-B", "ANSI/TIA-942-B"), publisher="TIA")
        ],
        subsystems=[
            Subsystem(id="electrical", title=_lt("Hệ thống điện", "Electrical")),
            Subsystem(id="mechanical", title=_lt("Hệ thống cơ điện lạnh", "Mechanical")),
            Subsystem(
                id="architectural", title=_lt("Kiến trúc và địa điểm", "Architectural and site")
            ),
            Subsystem(id="operations", title=_lt("Vận hành", "Operations")),
        ],
        domains=[Domain(id=d, code=c, title=_lt(vi, en)) for d, c, vi, en, _ in DOMAINS],
    )
    planning = PlanningTable(
        kind="planning",
        as_of=date(2026, 11, 1),
        note=_lt(
            "Khoảng chi phí mang tính ước lượng (chưa gồm VAT).", "Indicative ranges (before VAT)."
        ),
        outage_note=_lt(
            "Số tuần dừng hệ thống là ước tính sơ bộ.",
            "The outage weeks are preliminary estimates.",
        ),
        cost_bands=[
            CostBand(
                id="M",
                label=_lt("Trung bình", "Medium"),
                min_vnd=300_000_000,
                max_vnd=1_500_000_000,
            )
        ],
        defaults=PlanningDefaults(
            start_year=2025,
            end_year=2030,
            lead_unit=_lt(
                "Trung tâm Chuyển đổi số và Đổi mới sáng tạo (Trung tâm CDS và ĐMST)",
                "Digital Transformation and Innovation Centre",
            ),
            coordinating_unit=_lt(
                "Phòng Bưu chính, Viễn thông và Công nghệ thông tin (Phòng BCVT&CNTT)",
                "Posts, Telecommunications and IT Division",
            ),
        ),
    )
    criteria: list[Criterion] = []
    for domain_index, (domain, code, _vi, _en, subsystem) in enumerate(DOMAINS):
        for number in range(1, criteria_per_domain + 1):
            k = (domain_index * criteria_per_domain + number - 1) % len(TITLES_VI)
            criteria.append(
                Criterion(
                    id=f"{code}-{number:02d}",
                    domain=domain,
                    subsystem=subsystem,
                    min_tier=3 if number % 3 else 2,
                    title=_lt(TITLES_VI[k], f"English title {code}-{number:02d}"),
                    requirement=_lt("Yêu cầu.", "Requirement."),
                    guidance=_lt("Hướng dẫn.", "Guidance."),
                    answer=YesNoAnswer(),
                    severity=[Severity.CRITICAL, Severity.MAJOR, Severity.MINOR][number % 3],
                    must_pass=number % 4 == 1,
                    references=[Reference(standard="tia-942-b", clause="5.3")],
                    remediation=RemediationTemplate(
                        action=_lt(ACTIONS_VI[k], f"English action {code}-{number:02d}"),
                        cost_band="M",
                        duration_weeks=12,
                    ),
                )
            )
    checklist = Checklist(header=header, criteria=criteria, planning=planning)
    profile = SiteProfile(
        id="sample-dc",
        name="Trung tâm dữ liệu tỉnh Quảng Ngãi (mẫu)",
        operator="Trung tâm Chuyển đổi số và Đổi mới sáng tạo",
        address="52 Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi",
        cooling_technology="dx_air_cooled",
        design_it_load_kw=200,
        assessor="Nguyễn Thị Hồng Nhung",
        sample=sample,
    )
    assessment = Assessment(
        site=profile,
        checklist_id="tier3",
        checklist_version="1.0.0",
        created_at=UPDATED,
        updated_at=UPDATED,
    )
    items = []
    for index in range(evidence_items):
        sha = f"{index:02x}" * 32
        items.append(
            EvidenceItem(
                sha256=sha,
                original_name=f"ảnh-tủ-điện-{index:02d}.jpg"
                if index % 2
                else f"biên bản thử tải {index}.pdf",
                media_type="image/jpeg",
                size=1000 + index,
                kind=EvidenceKind.PHOTO if index % 2 else EvidenceKind.TEST_RECORD,
                captured_at=AS_OF - timedelta(days=30 * index),
                added_at=UPDATED,
                added_by="Nguyễn Văn Đức",
                criteria=[criteria[index % len(criteria)].id],
                sample=sample,
            )
        )
    evidence = EvidenceIndex(items=items)

    scores: list[CriterionScore] = []
    actions: list[RemediationAction] = []
    for index, criterion in enumerate(criteria):
        kind = index % 4
        result = [Result.MET, Result.NOT_MET, Result.PARTIAL, Result.NOT_ASSESSED][kind]
        answer = Answer(
            result=result, state=WorkflowState.ANSWERED if kind != 3 else WorkflowState.TODO
        )
        if kind != 3:
            answer.evidence = [items[index % len(items)].sha256]
            answer.answered_by = "Nguyễn Văn Đức"
        if index % 5 == 1:
            answer.review = Review(
                verdict=ReviewVerdict.REJECTED, reviewer="Kiểm toán viên", at=UPDATED
            )
        elif index % 5 == 2:
            answer.review = Review(
                verdict=ReviewVerdict.ACCEPTED, reviewer="Kiểm toán viên", at=UPDATED
            )
        assessment.answers[criterion.id] = answer
        compliance = {0: 1.0, 1: 0.0, 2: 0.5, 3: 0.0}[kind]
        scores.append(
            CriterionScore(
                criterion_id=criterion.id,
                domain=criterion.domain,
                subsystem=criterion.subsystem,
                min_tier=criterion.min_tier,
                severity=criterion.severity,
                must_pass=criterion.must_pass,
                weight=1.0,
                result=result,
                compliance=compliance,
                gap_score=(1 - compliance) * 2,
                evidence_status=EvidenceStatus.OK if kind == 0 else EvidenceStatus.MISSING,
                counts_as_met=kind == 0 and index % 8 != 0,
                unanswered=kind == 3,
                unverified=kind == 0 and index % 8 == 0,
            )
        )
        if kind in (1, 2):
            start = date(2025 + (index % 6), 1 + index % 9, 1)
            actions.append(
                RemediationAction(
                    id=f"A-{criterion.id}",
                    criterion_id=criterion.id,
                    domain=criterion.domain,
                    subsystem=criterion.subsystem,
                    title=criterion.remediation.action,
                    priority=[Priority.P1, Priority.P2, Priority.P3, Priority.P4][index % 4],
                    cost_min_vnd=300_000_000 + index * 10_000_000,
                    cost_max_vnd=1_500_000_000 + index * 10_000_000,
                    duration_weeks=12,
                    lead_unit=planning.defaults.lead_unit,
                    coordinating_unit=planning.defaults.coordinating_unit,
                    depends_on=[],
                    disruption=Disruption.REDUCED_REDUNDANCY if index % 2 else Disruption.NONE,
                    year=start.year,
                    start=start,
                    end=start + timedelta(weeks=12),
                    status=ActionStatus.PLANNED,
                    result=result,
                    severity=criterion.severity,
                    must_pass=criterion.must_pass,
                )
            )

    def area(area_id: str, key: str) -> AreaReadiness:
        mine = [s for s in scores if getattr(s, key) == area_id]
        return AreaReadiness(
            id=area_id,
            readiness=sum(s.compliance for s in mine) / len(mine),
            applicable=len(mine),
            met=sum(s.result is Result.MET for s in mine),
            partial=sum(s.result is Result.PARTIAL for s in mine),
            not_met=sum(s.result is Result.NOT_MET for s in mine),
            unanswered=sum(s.unanswered for s in mine),
            unverified=sum(s.unverified for s in mine),
        )

    subsystems = [s.id for s in header.subsystems]
    verdicts = [
        SubsystemVerdict(
            subsystem=sub,
            tier=1 if sub != "operations" else 3,
            readiness=area(sub, "subsystem").readiness,
            blockers=[
                s.criterion_id
                for s in scores
                if s.subsystem == sub and s.must_pass and not s.counts_as_met
            ],
        )
        for sub in subsystems
    ]
    scorecard = Scorecard(
        site_id=profile.id,
        checklist_id="tier3",
        checklist_version="1.0.0",
        target_tier=3,
        as_of=AS_OF,
        settings=ScoringSettings(as_of=AS_OF),
        criteria=scores,
        domains=[area(d, "domain") for d, *_ in DOMAINS],
        subsystems=[area(s, "subsystem") for s in subsystems],
        verdicts=verdicts,
        facility_tier=1,
        meets_target=False,
        readiness=sum(s.compliance for s in scores) / len(scores),
        unanswered=[s.criterion_id for s in scores if s.unanswered],
        unverified=[s.criterion_id for s in scores if s.unverified],
    )
    years = []
    for year in range(2025, 2031):
        mine = [a for a in actions if a.year == year]
        years.append(
            YearTotal(
                year=year,
                cost_min_vnd=sum(a.cost_min_vnd for a in mine),
                cost_max_vnd=sum(a.cost_max_vnd for a in mine),
                actions=len(mine),
            )
        )
    plan = RemediationPlan(
        site_id=profile.id,
        target_tier=3,
        start_year=2025,
        end_year=2030,
        budget_per_year_vnd=None,
        actions=actions,
        years=years,
        cost_min_vnd=sum(a.cost_min_vnd for a in actions),
        cost_max_vnd=sum(a.cost_max_vnd for a in actions),
        as_of=AS_OF,
    )
    return checklist, assessment, evidence, scorecard, plan
