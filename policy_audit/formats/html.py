"""One self-contained HTML page: a documents × items heat map, with each cell's evidence on hover and on click.

No network: inline CSS, system fonts, no scripts (hover is the `title` attribute, expand is <details>). A cell
carries its status in colour *and* in symbol and word, so it reads in greyscale and to a screen reader.
Everything that comes from a document or a standard goes through html.escape. No timestamps.
"""

from __future__ import annotations

from html import escape

from policy_audit import __version__
from policy_audit.formats import RenderOptions
from policy_audit.formats.common import (
    MEANINGS,
    clean,
    columns,
    deciding,
    errors,
    is_gap,
    model_language,
    one_line,
    place,
    quote,
    summary_line,
    waiver_text,
)
from policy_audit.models import DocumentReport, Report, Result, Status

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 1.5rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.summary { font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: baseline; gap: .4rem; max-width: 28rem; }
.badge { display: inline-block; padding: .05rem .45rem; border-radius: .25rem; white-space: nowrap;
         border: 1px solid rgba(0, 0, 0, .15); }
.wrap { overflow-x: auto; }
table.map { border-collapse: collapse; }
.map th, .map td { border: 1px solid #d0d7de; padding: .3rem .45rem; vertical-align: top; text-align: left; }
.map thead th { background: #f6f8fa; font-size: .85rem; }
.map tbody th { background: #f6f8fa; font-weight: 600; max-width: 22rem; word-break: break-all; }
.map td { min-width: 7.5rem; max-width: 20rem; }
.map small { display: block; font-weight: 400; color: #57606a; }
summary { cursor: pointer; white-space: nowrap; }
details[open] summary { margin-bottom: .3rem; }
blockquote { margin: 0 0 .3rem; padding-left: .5rem; border-left: 3px solid rgba(0, 0, 0, .25); }
.where, .reason, .waiver { font-size: .85rem; color: #32383f; }
.s-met { background: #d3f3dc; }
.s-partial { background: #fff1b8; }
.s-contradicted { background: #ffc8c3; font-weight: 600; }
.s-contradicted details[open] { font-weight: 400; }
.s-missing { background: #e9e3f8; }
.s-unreadable { background: #c9d1d9; }
.waived { outline: 2px dashed #57606a; outline-offset: -4px; }
.waived-tag { font-size: .75rem; font-weight: 600; text-transform: uppercase; letter-spacing: .03em; }
.errors li, .notes li { margin-bottom: .25rem; }
dt { font-weight: 600; margin-top: .5rem; }
dd { margin-left: 1.25rem; }
footer { margin-top: 2rem; font-size: .8rem; color: #57606a; }
@media print { details > :not(summary) { display: block; } }
""".strip()


def render(report: Report, options: RenderOptions) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>policy-audit report</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<h1>policy-audit report</h1>",
        f'<p class="summary">{_text(summary_line(report))}</p>',
        *_legend(),
        *_notes(report),
        *_errors(report),
        *_map(report),
    ]
    if not options.quiet:
        parts += _wording(report)
    parts += [f"<footer>policy-audit {_text(__version__)}</footer>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _legend() -> list[str]:
    lines = ['<h2 id="legend">Legend</h2>', '<ul class="legend">']
    for status in Status:
        badge = f'<span class="badge s-{status.value}">{status.symbol} {status.value}</span>'
        lines.append(f"<li>{badge} <span>{_text(MEANINGS[status])}</span></li>")
    waived = '<span class="badge waived">waived</span>'
    lines.append(f"<li>{waived} <span>a gap accepted until a date, for a stated reason: still shown</span></li>")
    lines.append("</ul>")
    lines.append("<p>Hover over a cell for its deciding quote, page:line, section and reason; click it to expand.</p>")
    return lines


def _notes(report: Report) -> list[str]:
    if not report.notes:
        return []
    return (
        ['<h2 id="notes">Notes</h2>', '<ul class="notes">']
        + [f"<li>{_text(note)}</li>" for note in report.notes]
        + ["</ul>"]
    )


def _errors(report: Report) -> list[str]:
    unread = errors(report)
    if not unread:
        return []
    lines = ['<h2 id="errors">Errors</h2>', '<ul class="errors">']
    lines += [f"<li>{_text(document.error or '')}</li>" for document in unread]
    return [*lines, "</ul>"]


def _map(report: Report) -> list[str]:
    keys = columns(report)
    lines = ['<h2 id="map">Documents × safeguards</h2>', '<div class="wrap">', '<table class="map">', "<thead>"]
    titles = {standard.id: standard.title for standard in report.standards}
    groups: list[tuple[str, int]] = []
    for standard, _item, _title in keys:
        if groups and groups[-1][0] == standard:
            groups[-1] = (standard, groups[-1][1] + 1)
        else:
            groups.append((standard, 1))
    header = ['<tr><th scope="col" rowspan="2">document</th>']
    for standard, span in groups:
        title = _attr(titles.get(standard, standard))
        header.append(f'<th scope="colgroup" colspan="{span}" title="{title}">{_text(standard)}</th>')
    lines.append("".join(header) + "</tr>")
    lines.append(
        "<tr>"
        + "".join(f'<th scope="col" title="{_attr(title)}">{_text(item)}</th>' for _standard, item, title in keys)
        + "</tr>"
    )
    lines += ["</thead>", "<tbody>"]
    for document in report.documents:
        lines.append(_row(document, [(standard, item) for standard, item, _title in keys]))
    lines += ["</tbody>", "</table>", "</div>"]
    return lines


def _row(document: DocumentReport, keys: list[tuple[str, str]]) -> str:
    by_key = {(result.standard, result.item): result for result in document.results}
    pages = f"{document.pages} page{'s' if document.pages != 1 else ''}"
    detail = "could not be read" if document.error else pages
    head = f'<th scope="row">{_text(document.path)}<small>{_text(detail)}</small></th>'
    cells = [_cell(by_key[key], document) if key in by_key else "<td></td>" for key in keys]
    return "<tr>" + head + "".join(cells) + "</tr>"


def _cell(result: Result, document: DocumentReport) -> str:
    status = result.status
    evidence = deciding(result)
    reason = document.error if status is Status.UNREADABLE and document.error else result.reason
    hover = [f"{result.title}: {status.symbol} {status.value}"]
    body = []
    if evidence is not None:
        text = quote(evidence, None)
        hover.append(f"“{quote(evidence)}”")
        where = " · ".join(part for part in (place(evidence), one_line(evidence.section)) if part)
        if len(result.evidence) > 1:
            where += f" (+{len(result.evidence) - 1} more)"
        hover.append(where)
        body.append(f"<blockquote>{_text(text)}</blockquote>")
        body.append(f'<div class="where">{_text(where)}</div>')
    hover.append(one_line(reason))
    body.append(f'<div class="reason">{_text(reason)}</div>')
    classes = f"s-{status.value}"
    tag = ""
    if result.waiver is not None:
        classes += " waived"
        tag = ' <span class="waived-tag">waived</span>'
        hover.append(waiver_text(result.waiver))
        body.append(f'<div class="waiver">{_text(waiver_text(result.waiver))}</div>')
    summary = f"<summary>{status.symbol} {status.value}{tag}</summary>"
    title = _attr("\n".join(hover))
    return f'<td class="{classes}" title="{title}"><details>{summary}{"".join(body)}</details></td>'


def _wording(report: Report) -> list[str]:
    wording = model_language(report)
    titles = {(standard, item): title for standard, item, title in columns(report)}
    gaps = {
        (result.standard, result.item)
        for document in report.documents
        for result in document.results
        if is_gap(result) and result.status is not Status.UNREADABLE
    }
    keys = [key for key in titles if key in gaps and key in wording]
    if not keys:
        return []
    lines = ['<h2 id="wording">Suggested wording for the gaps</h2>', "<dl>"]
    for standard, item in keys:
        lines.append(f"<dt>{_text(titles[(standard, item)])} <small>({_text(f'{standard}:{item}')})</small></dt>")
        lines.append(f"<dd>{_text(wording[(standard, item)])}</dd>")
    return [*lines, "</dl>"]


def _text(text: str) -> str:
    return escape(one_line(text), quote=False)


def _attr(text: str) -> str:
    return escape("\n".join(one_line(line) for line in clean(text).split("\n")), quote=True)
