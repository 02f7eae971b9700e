"""The remediation plan as a Vietnamese administrative document (Decree 30/2020/NĐ-CP, Appendix I).

One module per part of the document, in the order they appear:

    document.py   AdminDocument (``--admin-info``) and its lines: number, place and date
    styles.py     the page and the decree's sizes and faces, component by component
    heading.py    issuing body, national heading, number, date; KẾ HOẠCH and its summary
    body.py       sections I–V: purpose, present state, content, funding, organisation
    signature.py  recipients (Nơi nhận:) and the signature block
    appendix.py   PHỤ LỤC: the plan in the province's columns, and the timeline
    layout.py     the parts in order and the page numbers: render_administrative

The decree asks for Times New Roman; the package ships Liberation Serif, which has the same metrics
(so lines break where Times would break them), every Vietnamese glyph, real italic and bold-italic
faces, and a licence (SIL OFL) that lets it be embedded.
"""

from tierassess.reports.admin.document import (
    AdminDocument,
    date_line,
    month_text,
    place_from_address,
)
from tierassess.reports.admin.layout import render_administrative

__all__ = [
    "AdminDocument",
    "date_line",
    "month_text",
    "place_from_address",
    "render_administrative",
]
