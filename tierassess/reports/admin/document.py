"""Administrative layout, the document's particulars: who issues it, its number, place and date.

``AdminDocument`` is what only the issuing office knows (``report --admin-info FILE``); the
functions here turn it, or the defaults taken from the site, into the lines Decree 30 prescribes.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from pydantic import Field

from tierassess.core.models import FileModel
from tierassess.i18n import t
from tierassess.reports.data import ReportData


class AdminDocument(FileModel):
    """What only the issuing office knows: who issues, the number, who signs, who receives.

    Read from a YAML file (``report --admin-info FILE``); every field is optional and has a
    sensible default taken from the site and its plan.
    """

    parent_body: str | None = Field(
        default=None, description="Governing body, e.g. UBND TỈNH QUẢNG NGÃI."
    )
    issuing_body: str | None = Field(default=None, description="Default: the plan's lead unit.")
    number: str | None = Field(
        default=None, description="e.g. 12/KH-TTCDS; blank until registered."
    )
    issuer_code: str | None = Field(default=None, description="Abbreviation after KH-, e.g. TTCDS.")
    place: str | None = Field(
        default=None, description="Default: the province in the site address."
    )
    date: _dt.date | None = Field(
        default=None, description="Signing date; default: day left blank."
    )
    summary: str | None = Field(default=None, description="The title line under KẾ HOẠCH.")
    basis: list[str] = Field(default_factory=list, description="Documents the plan is based on.")
    signer_authority: str | None = Field(default=None, description="e.g. KT. GIÁM ĐỐC.")
    signer_title: str | None = Field(default=None, description="e.g. PHÓ GIÁM ĐỐC.")
    signer_name: str | None = None
    recipients: list[str] = Field(default_factory=list)


def issuer_name(document: AdminDocument, data: ReportData) -> str:
    """The issuing body as given, else the plan's lead unit without its abbreviation."""
    if document.issuing_body:
        return document.issuing_body
    lead = data.meta.lead_unit
    return re.sub(r"\s*\([^)]*\)\s*$", "", lead).strip() or lead


# What kind of body a name starts with, longest first where one begins another. Decree 30,
# Appendix II: in an organisation's name the words for its kind and for its field take a capital
# on their first syllable ("Sở Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh Quảng Ngãi").
_BODY_KINDS = (
    "ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân", "tổng công ty", "tổng cục",
    "chi cục", "công ty", "trung tâm", "văn phòng", "học viện", "bệnh viện", "ngân hàng",
    "tập đoàn", "ban quản lý", "cục", "sở", "bộ", "ban", "viện", "phòng", "trường", "đài",
)  # fmt: skip
# An administrative unit: lower case itself, the place named after it capitalised throughout.
_PLACE = re.compile(r"\s+\b(tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường)\s+(.+)$")
_ABBREVIATIONS = frozenset({"UBND", "HĐND"})
_CONJUNCTS = re.compile(r"(\s+và\s+|,\s*|\s+-\s+)")


def _capitalised(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]


def _kept(word: str) -> bool:
    """An abbreviation, kept in capitals: no vowel (CNTT, ĐMST), a digit or an ampersand, UBND."""
    if word in _ABBREVIATIONS:
        return True
    plain = unicodedata.normalize("NFD", word.lower())
    return not re.search(r"[aeiouy]", plain) or bool(re.search(r"[\d&]", word))


def organisation_case(name: str) -> str:
    """An organisation's name typed in capitals, as it is written inside a sentence.

    "SỞ KHOA HỌC VÀ CÔNG NGHỆ" -> "Sở Khoa học và Công nghệ"; "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    -> "Ủy ban nhân dân tỉnh Quảng Ngãi". A name already in mixed case is left as it is, and so are
    abbreviations (CNTT) and a parenthesised short form.
    """
    name = unicodedata.normalize("NFC", name.strip())
    if not any(c.isalpha() for c in name) or name != name.upper():
        return name
    short = re.search(r"\s*\([^()]*\)\s*$", name)
    tail = short.group(0) if short else ""
    words = name[: len(name) - len(tail)].split()
    text = " ".join(w if _kept(w) else w.lower() for w in words)
    place = ""
    found = _PLACE.search(text)
    if found:
        unit, named = found.groups()
        place = f" {unit} " + " ".join(_capitalised(w) for w in named.split())
        text = text[: found.start()]
    kind = next((k for k in _BODY_KINDS if text == k or text.startswith(k + " ")), "")
    field = text[len(kind) :].strip()
    parts = _CONJUNCTS.split(field) if field else []
    field = "".join(p if i % 2 else _capitalised(p) for i, p in enumerate(parts))
    head = _capitalised(kind) if kind else ""
    return (" ".join(x for x in (head, field) if x) or _capitalised(text)) + place + tail


def keep_together(title: str) -> str:
    """A title with "Tier III" (any tier label) held on one line by a no-break space."""
    return re.sub(r"\bTier (IV|I{1,3})\b", "Tier\u00a0\\1", title)


def place_from_address(address: str) -> str | None:
    """The province or city named last in an address, without its administrative prefix."""
    last = re.sub(r"\s*\([^)]*\)\s*$", "", address).split(",")[-1].strip()
    last = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", last, flags=re.IGNORECASE).strip()
    last = re.sub(r"\s*\d{4,6}$", "", last).strip()  # a postcode
    return last or None


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_text(month: int) -> str:
    """Decree 30: months 1 and 2 take a leading zero (so nobody can turn 1 into 11)."""
    return f"{month:02d}" if month < 3 else str(month)


def date_line(document: AdminDocument, data: ReportData) -> str:
    """The document's place and date line (``Quảng Ngãi, ngày … tháng … năm …``)."""
    lang = data.meta.lang
    place = document.place or place_from_address(data.meta.address) or "........"
    if document.date is not None:
        day = document.date
        return t(
            "report.admin.date_line",
            lang,
            place=place,
            day=f"{day.day:02d}",
            month=month_text(day.month),
            month_name=_MONTHS[day.month - 1],
            year=day.year,
        )
    as_of = data.meta.as_of
    return t(
        "report.admin.date_line",
        lang,
        place=place,
        day="\u00a0" * 7,  # the day is written in when the document is signed
        month=month_text(as_of.month),
        month_name=_MONTHS[as_of.month - 1],
        year=as_of.year,
    )


def number_line(document: AdminDocument, lang: str) -> str:
    """``Số: 12/KH-TTCDS``, or the number left blank for the clerk to fill in."""
    if document.number:
        return t("report.admin.number", lang, number=document.number)
    code = document.issuer_code or "........"
    blank = "\u00a0" * 10  # left for the clerk to fill in when the document is registered
    return t("report.admin.number", lang, number=f"{blank}/KH-{code}")
