"""Administrative layout, the foot: recipients (``Nơi nhận:``) on the left, the signature right."""

from __future__ import annotations

from typing import Any

from tierassess.i18n import t
from tierassess.reports.admin.document import AdminDocument
from tierassess.reports.admin.styles import PAD, AdminStyles
from tierassess.reports.data import ReportData
from tierassess.reports.fonts import SERIF_REGULAR
from tierassess.reports.pdfkit import MM, esc


def signer_name(document: AdminDocument, data: ReportData) -> str | None:
    """Who signs: as given, else the site profile's signer (none: the line is left blank)."""
    return document.signer_name or data.meta.signer_name


def _recipients(document: AdminDocument, data: ReportData, styles: AdminStyles) -> list[Any]:
    """``Nơi nhận:`` and one line per recipient, the last ending with a full stop."""
    from reportlab.platypus import Paragraph

    meta, lang = data.meta, data.meta.lang
    recipients = document.recipients or [
        t("report.admin.recipient_coordinating", lang, unit=meta.coordinating_unit),
        t("report.admin.recipient_archive", lang),
    ]
    cell: list[Any] = [Paragraph(esc(t("report.admin.recipients", lang)), styles.recipients_head)]
    for index, name in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        cell.append(Paragraph(esc(f"- {name.rstrip(';.')}{end}"), styles.recipients_item))
    return cell


def _signature(document: AdminDocument, data: ReportData, styles: AdminStyles) -> list[Any]:
    """Authority and title in capitals, room to sign, the signer's name."""
    from reportlab.platypus import Paragraph, Spacer

    cell: list[Any] = []
    if document.signer_authority:
        cell.append(Paragraph(esc(document.signer_authority.upper()), styles.signer))
    title = (
        document.signer_title
        or data.meta.signer_title
        or t("report.admin.signer_title", data.meta.lang)
    )
    cell.append(Paragraph(esc(title.upper()), styles.signer))
    cell.append(Spacer(1, 24 * MM))
    cell.append(Paragraph(esc(signer_name(document, data) or " "), styles.signer))
    return cell


def signature_story(document: AdminDocument, data: ReportData, styles: AdminStyles) -> list[Any]:
    """The recipients and the signature side by side, never split over two pages."""
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    block = Table(
        [[_recipients(document, data, styles), _signature(document, data, styles)]],
        colWidths=[styles.left_col, styles.right_col],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF_REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        ),
    )
    return [Spacer(1, 6), KeepTogether([block])]
