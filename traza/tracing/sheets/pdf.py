"""The result sheet as a PDF: what the printable page shows, laid out for A4 paper, in the reader's language.

It is drawn with the standard Helvetica font in WinAnsi encoding, which every PDF reader has and which holds the
Spanish letters (á é í ó ú ñ ü ¿ ¡); a character outside it is written as its closest letter.
"""

import unicodedata
from io import BytesIO
from xml.sax.saxutils import escape

import segno
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from traza.intel.selectors.people import masked_label
from traza.international import presentation as international_words
from traza.international.selectors import request_of_trace
from traza.tracing.presentation import catalog_name
from traza.tracing.sheets.codes import format_code

ENCODING = "cp1252"  # WinAnsi, the standard fonts' encoding
DASH = "—"
QR_SIZE = 30 * mm
STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("sheet-body", parent=STYLES["Normal"], fontName="Helvetica", fontSize=9, leading=11.5)
SMALL = ParagraphStyle("sheet-small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
TITLE = ParagraphStyle("sheet-title", parent=BODY, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=4)
HEADING = ParagraphStyle(
    "sheet-heading", parent=BODY, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
)
GRID = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def sheet_pdf(context: dict) -> bytes:
    """The sheet of `context` (the print page's: result_context, printed_at, user, code, check_url) as PDF bytes."""
    trace = context["trace"]
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=16 * mm,
        rightMargin=16 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=plain(gettext("Result sheet %(number)s") % {"number": trace.number}),
        author="Traza",
    )
    story = [
        *_header(context),
        *_verification(context),
        *_facts(context),
        *_result(context),
        *_chain(context),
        *_indicators(context),
        *_footer(context),
    ]
    page_line = plain(
        gettext("Trace %(number)s · verification code %(code)s")
        % {"number": trace.number, "code": format_code(context["code"])}
    )
    document.build(story, onFirstPage=_page_foot(page_line), onLaterPages=_page_foot(page_line))
    return buffer.getvalue()


def plain(value) -> str:
    """Text the standard fonts can draw: every character in WinAnsi, or its letter without the accent, or "?"."""
    text = str(value)
    try:
        text.encode(ENCODING)
        return text
    except UnicodeEncodeError:
        return "".join(_drawable(character) for character in text)


def _drawable(character: str) -> str:
    try:
        character.encode(ENCODING)
        return character
    except UnicodeEncodeError:
        base = unicodedata.normalize("NFKD", character).encode(ENCODING, "ignore").decode(ENCODING)
        return base or "?"


def _p(value, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of text (never markup): line breaks kept, characters drawable."""
    return Paragraph(escape(plain(value)).replace("\n", "<br/>"), style)


def _when(value, format_name: str = "DATETIME_FORMAT") -> str:
    """A date or time as the pages write it (times in the local time zone); a dash when there is none."""
    if value is None:
        return DASH
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def _facts_table(rows: list[tuple[str, str]]) -> list:
    """Label and value pairs as a two-column table."""
    table = Table(
        [[_p(label, SMALL), _p(value)] for label, value in rows],
        colWidths=[45 * mm, None],
        style=GRID,
        hAlign="LEFT",
    )
    return [table]


def _section(title: str, rows: list[tuple[str, str]]) -> list:
    return [_p(title, HEADING), *_facts_table(rows)]


def _header(context: dict) -> list:
    trace = context["trace"]
    return [
        _p(f"{trace.agency.name} · {trace.agency.code}", SMALL),
        _p(gettext("Firearm trace result"), TITLE),
        *_facts_table(
            [
                (gettext("Trace number"), trace.number),
                (gettext("Case number (carpeta de investigación)"), trace.agency_case_number or DASH),
                (gettext("Submitted"), _when(trace.submitted_at)),
                (gettext("Completed"), _when(trace.completed_at)),
            ]
        ),
    ]


def _verification(context: dict) -> list:
    """The code in groups, the QR code of the check page, and how to check the sheet."""
    words = [
        _p(gettext("Verification code"), SMALL),
        _p(format_code(context["code"]), ParagraphStyle("sheet-code", parent=TITLE, fontName="Courier-Bold")),
        _p(
            gettext("Check that this sheet shows the current record at %(url)s, or with the command %(command)s.")
            % {"url": context["check_url"], "command": context["check_command"]},
            SMALL,
        ),
    ]
    table = Table([[_qr(context["check_url"]), words]], colWidths=[QR_SIZE + 4 * mm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return [Spacer(1, 3 * mm), table]


def _qr(url: str) -> Drawing:
    """The QR code of `url` drawn as squares (sharp at any print size), with its quiet zone."""
    rows = [list(row) for row in segno.make(url, error="m").matrix_iter(border=2)]
    module = QR_SIZE / len(rows)
    drawing = Drawing(QR_SIZE, QR_SIZE)
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            run = x
            while run < len(row) and row[run]:
                run += 1
            top = QR_SIZE - (y + 1) * module
            drawing.add(Rect(x * module, top, (run - x) * module, module, fillColor=colors.black, strokeColor=None))
            x = run
    return drawing


def _facts(context: dict) -> list:
    trace, warnings = context["trace"], context["warnings"]
    make = trace.manufacturer
    if trace.make and trace.make.name and trace.make.name.upper() != trace.manufacturer.upper():
        make += f" ({trace.make.name})"
    if warnings.get("manufacturer"):
        make += f"\n{warnings['manufacturer']}"
    caliber = trace.caliber or DASH
    if trace.caliber_ref and trace.caliber_ref.name != trace.caliber:
        caliber += f" ({trace.caliber_ref.name})"
    serial = trace.serial_number or DASH
    if trace.serial_obliterated != "N":
        serial += f" ({trace.get_serial_obliterated_display()})"
    firearm = [
        (gettext("Make"), make),
        (gettext("Model"), trace.model or DASH),
        (gettext("Calibre"), caliber),
        (gettext("Type"), capfirst(trace.get_firearm_type_display()) or DASH),
        (gettext("Serial number"), serial),
    ]
    if trace.importer:
        importer = trace.importer + (f"\n{warnings['importer']}" if warnings.get("importer") else "")
        firearm.append((gettext("Importer"), importer))
    firearm.append((gettext("Made in"), context["origin_country"] or DASH))
    if trace.markings:
        firearm.append((gettext("Other markings"), trace.markings))
    return [
        *_section(gettext("Firearm"), firearm),
        *_section(gettext("Recovery"), _recovery(context)),
        *_section(gettext("Case"), _case(context)),
    ]


def _recovery(context: dict) -> list[tuple[str, str]]:
    trace = context["trace"]
    place = [
        trace.recovery_municipality.name if trace.recovery_municipality else "",
        trace.recovery_region.local_name if trace.recovery_region else "",
        context["recovery_country"],
    ]
    rows = [
        (gettext("Date"), _when(trace.recovery_date, "DATE_FORMAT")),
        (gettext("Place"), ", ".join(part for part in place if part)),
    ]
    if trace.recovery_locality:
        rows.append((gettext("Locality"), trace.recovery_locality))
    if trace.recovery_address:
        rows.append((gettext("Address"), trace.recovery_address))
    if trace.latitude is not None:
        rows.append((gettext("Coordinates"), f"{trace.latitude}, {trace.longitude}"))
    return rows


def _case(context: dict) -> list[tuple[str, str]]:
    """The case's references, the Mexican ones (prosecutor, IPH, seizure) when the trace has them."""
    trace = context["trace"]
    priority = capfirst(trace.get_priority_display())
    if trace.priority == "urgent" and trace.urgent_reason:
        priority += f": {trace.urgent_reason}"
    officer = trace.officer_name or DASH
    if trace.officer_badge:
        officer += f" · {gettext('badge number')} {trace.officer_badge}"
    rows = [
        (gettext("Agency"), f"{trace.agency.name} ({trace.agency.code})"),
        (gettext("Case number"), trace.agency_case_number or DASH),
        (gettext("Offence"), context["crime"] or DASH),
        (gettext("Priority"), priority),
        (gettext("Officer"), officer),
    ]
    if trace.mp_agent or trace.mp_office:
        prosecutor = (trace.mp_agent or DASH) + (f" · {trace.mp_office}" if trace.mp_office else "")
        rows.append((gettext("Public prosecutor"), prosecutor))
    if trace.iph_number:
        rows.append((gettext("Police report (IPH)"), trace.iph_number))
    if trace.first_responder:
        rows.append((gettext("Seized by"), trace.first_responder))
    if trace.seizure_ref:
        seizure = trace.seizure_ref + (f" / {trace.seizure_item}" if trace.seizure_item else "")
        rows.append((gettext("Seizure record"), seizure))
    rows.append((gettext("Submitted"), f"{_when(trace.submitted_at)} · {trace.get_channel_display()}"))
    if trace.completed_at:
        rows.append((gettext("Completed"), _when(trace.completed_at)))
    return rows


def _result(context: dict) -> list:
    trace = context["trace"]
    rows = [(gettext("Status"), capfirst(trace.get_status_display()))]
    if context["reason"]:
        rows.append((gettext("Reason"), capfirst(context["reason"])))
    if context["note"]:
        rows.append((gettext("Note"), context["note"]))
    if trace.duplicate_of_id:
        first = trace.duplicate_of
        number = (
            first.number
            if context["duplicate_visible"]
            else f"{first.number} ({gettext('submitted by another agency')})"
        )
        result = capfirst(first.get_status_display())
        if first.status_reason:
            result += f" · {first.get_status_reason_display()}"
        rows += [(gettext("First trace of this firearm"), number), (gettext("Result of the first trace"), result)]
    retail = context["retail"]
    if retail:
        name = (retail["name"] or gettext("Licensee not yet on the FFL list")) + (
            f" · {retail['state']}" if retail["state"] else ""
        )
        rows.append(
            (gettext("Retail dealer"), f"{name}\n{gettext('Licence')} {retail['licence_number'] or retail['rds']}")
        )
    if trace.sale_date:
        rows.append((gettext("Retail sale"), _when(trace.sale_date, "DATE_FORMAT")))
        days = trace.time_to_crime
        words = context["time_to_crime"]
        if days is not None and days >= 0:
            words += " (" + ngettext("%(days)s day", "%(days)s days", days) % {"days": days} + ")"
        rows.append((gettext("Time-to-crime"), words))
    if trace.purchase_id:
        rows.append(
            (gettext("Purchaser"), masked_label(trace.purchase.person_key) if trace.purchase.person_key else DASH)
        )
    return [*_section(gettext("Result"), rows), *_international(trace), *_personal(context)]


def _international(trace) -> list:
    item = request_of_trace(trace)
    if item is None:
        return []
    rows = [
        (gettext("Status"), capfirst(item.get_status_display())),
        (gettext("Sent to"), f"{catalog_name(item.country) if item.country else DASH} ({item.get_basis_display()})"),
        (gettext("Answer due"), _when(item.due_at, "DATE_FORMAT")),
    ]
    if item.sent_at:
        rows.append((gettext("Sent"), _when(item.sent_at, "DATE_FORMAT")))
    if item.foreign_reference:
        rows.append((gettext("Foreign reference"), item.foreign_reference))
    if item.answer:
        words = international_words.export_words(item)
        rows.append((gettext("Answer"), capfirst(item.get_answer_display()) + (f": {words}" if words else "")))
        rows.append((gettext("Evidence"), international_words.answer_evidence(item)))
    title = gettext("International trace request %(number)s") % {"number": item.number}
    return _section(title, rows)


def _personal(context: dict) -> list:
    """Personal data only as the print page shows it to this reader: when they stated a purpose, else a notice."""
    personal = context["personal"]
    if not personal["revealed"]:
        notice = gettext(
            "Personal data is not on this sheet: it is shown only to investigators and analysts, after they state a "
            "purpose."
        )
        return [Spacer(1, 2 * mm), _p(notice, SMALL)]
    possessor = personal["possessor"]
    line = f"{possessor['last_name'] or DASH}, {possessor['first_name'] or DASH}"
    if possessor["date_of_birth"]:
        line += f" · {possessor['date_of_birth']}"
    rows = [(gettext("Possessor"), line)]
    purchaser = personal["purchaser"]
    if purchaser:
        name = f"{purchaser['last_name'] or DASH}, {purchaser['first_name'] or DASH} {purchaser['middle_name']}"
        if purchaser["date_of_birth"]:
            name += f" · {purchaser['date_of_birth']}"
        address = f"{purchaser['street'] or DASH}, {purchaser['city']} {purchaser['state']} {purchaser['zip']}"
        document = f"{purchaser['id_type'] or DASH} {purchaser['id_number']} {purchaser['id_issuer']}"
        rows += [
            (gettext("Purchaser"), name),
            (gettext("Purchaser's address"), address),
            (gettext("Identity document"), document),
        ]
    return _section(gettext("Personal data"), rows)


def _chain(context: dict) -> list:
    title = _p(gettext("Chain: from the maker or importer to the first buyer"), HEADING)
    if not context["chain"]:
        return [title, _p(gettext("No step of the chain is known yet."))]
    head = ["#", gettext("Step"), gettext("Licensee"), gettext("Received"), gettext("Disposed of"), gettext("Evidence")]
    rows = [[_p(text, SMALL) for text in head]]
    for number, item in enumerate(context["chain"], start=1):
        step = item["step"]
        disposed = DASH
        if step.disposed_date:
            disposed = _when(step.disposed_date, "SHORT_DATE_FORMAT")
            disposed += f" ({item['disposition']})" if item["disposition"] else ""
        cells = [
            str(number),
            capfirst(step.get_role_display()),
            _step_who(item),
            _when(step.received_date, "SHORT_DATE_FORMAT"),
            disposed,
            _evidence_words(item),
        ]
        rows.append([_p(text, SMALL) for text in cells])
    widths = [7 * mm, 24 * mm, 45 * mm, 20 * mm, 28 * mm, None]
    table = Table(rows, colWidths=widths, repeatRows=1, style=GRID, hAlign="LEFT")
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return [title, table]


def _step_who(item: dict) -> str:
    licensee, step = item["licensee"], item["step"]
    if licensee:
        who = f"{licensee['name'] or DASH}\n{licensee['licence_number'] or licensee['rds']}"
        return who + (f" · {licensee['state']}" if licensee["state"] else "")
    if step.role == "purchaser":
        return masked_label(step.purchase.person_key) if step.purchase.person_key else DASH
    return ""


def _evidence_words(item: dict) -> str:
    """The record a step was read from, as the print page's evidence column writes it."""
    evidence, step = item["evidence"], item["step"]
    if evidence:
        words = gettext("Theft or loss report") + " " if evidence["kind"] == "theft" else ""
        words += f"{evidence['record_id']} · {evidence['file_name']}:{evidence['line']}"
        if evidence["make_confidence"] is not None:
            percent = round(evidence["make_confidence"] * 100)
            words += "\n" + gettext("Make matched by the licensee's record (confidence %(percent)s%%).") % {
                "percent": percent
            }
        return words
    if step.query:
        return f"{gettext('Query')}: {item['due']}"
    return DASH


def _indicators(context: dict) -> list:
    title = _p(gettext("Trafficking indicators"), HEADING)
    if not context["indicators"]:
        return [title, _p(gettext("No trafficking indicator found."))]
    lines = []
    for indicator, explanation in context["indicators"]:
        label = capfirst(indicator.get_code_display())
        strong = f" ({gettext('strong')})" if indicator.strong else ""
        lines.append(_p(f"• {label}{strong}: {explanation}"))
    return [title, *lines]


def _footer(context: dict) -> list:
    printed = gettext("Printed on %(printed)s by %(who)s from Traza.") % {
        "printed": _when(context["printed_at"]),
        "who": context["user"].get_username(),
    }
    signature = Table(
        [[_p(gettext("Received for the case file (name, signature, date)"), SMALL)]],
        colWidths=[90 * mm],
        rowHeights=[22 * mm],
        hAlign="RIGHT",
        style=TableStyle([("LINEABOVE", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]),
    )
    return [
        Spacer(1, 6 * mm),
        _p(printed, SMALL),
        _p(gettext("Traced firearms are not a random sample of the firearms used in crime."), SMALL),
        Spacer(1, 16 * mm),
        signature,
    ]


def _page_foot(line: str):
    """Draws the trace number, the code and the page number at the foot of every page."""

    def draw(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(document.leftMargin, 8 * mm, line)
        page = plain(gettext("Page %(page)s") % {"page": document.page})
        canvas.drawRightString(A4[0] - document.rightMargin, 8 * mm, page)
        canvas.restoreState()

    return draw
