"""One self-contained HTML page for a batch: per-safeguard coverage bars, then a compact documents × safeguards
heat map whose cells open their evidence.

Built for hundreds of documents: a row is a short name (the shortest path suffix that tells it apart; the full
path on hover), a cell is a small square with the status's colour *and* symbol (it reads in greyscale and to a
screen reader), the header row and the name column stay in view while scrolling. A cell is a link to its
evidence (quote, page:line, section, reason, waiver), shown as a panel by CSS `:target` alone; a short inline
script adds sorting (by name, by number of gaps, or by any safeguard, worst first) and filtering by status, and
reads `?status=…&sort=…` so a filtered view can be shared as a link. No network: inline CSS and script, system
fonts. Everything from a document or a standard goes through html.escape. No timestamps.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from policy_audit import __version__
from policy_audit.formats import RenderOptions
from policy_audit.formats.common import (
    MEANINGS,
    clean,
    columns,
    errors,
    is_gap,
    model_language,
    one_line,
    place,
    quote,
    repository_root,
    summary_line,
    waiver_text,
)
from policy_audit.models import DocumentReport, Report, Result, Status

SHOWN = (Status.MET, Status.PARTIAL, Status.CONTRADICTED, Status.MISSING, Status.UNREADABLE)
"""Statuses in the order of the coverage bars and the filter."""

STYLE = """
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 1rem 1.5rem; color: #1f2328; background: #fff; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
.summary { font-weight: 600; margin: 0 0 .5rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; padding: 0; margin: 0; list-style: none; font-size: .85rem; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.sw { display: inline-block; min-width: 1.4rem; height: 1.4rem; line-height: 1.4rem; text-align: center;
      border-radius: .2rem; border: 1px solid rgba(0, 0, 0, .15); }
.s-met { background: #2da44e; color: #fff; }
.s-partial { background: #f2c94c; color: #3d2e00; }
.s-contradicted { background: #cf222e; color: #fff; }
.s-missing { background: #8250df; color: #fff; }
.s-unreadable { background: #8c959f; color: #fff; }
table.coverage { border-collapse: collapse; font-size: .85rem; }
.coverage th, .coverage td { padding: .15rem .5rem; text-align: left; white-space: nowrap; }
.coverage th { font-weight: 600; }
.bar { display: flex; width: 22rem; height: 1rem; border-radius: .2rem; overflow: hidden; background: #eaeef2; }
.bar span { display: block; height: 100%; }
.counts { color: #57606a; }
.controls { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .25rem 0 .5rem; }
.wrap { overflow: auto; max-height: 80vh; border: 1px solid #d0d7de; border-radius: .3rem; }
table.heat { border-collapse: separate; border-spacing: 0; font-size: .8rem; }
.heat th, .heat td { padding: 0; border-bottom: 1px solid #eaeef2; }
.heat thead th { position: sticky; top: 0; z-index: 2; background: #f6f8fa; vertical-align: bottom;
                 border-bottom: 1px solid #d0d7de; }
.heat thead th.doc { left: 0; z-index: 3; text-align: left; padding: .3rem .5rem; }
.heat thead th button { font: inherit; border: 0; background: none; cursor: pointer; padding: .3rem .15rem; }
.heat thead th.item button { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
                             max-height: 11rem; overflow: hidden; text-overflow: ellipsis; }
.heat thead th[aria-sort] button { text-decoration: underline; }
.heat tbody th { position: sticky; left: 0; z-index: 1; background: #fff; font-weight: 400; text-align: left;
                 padding: .1rem .5rem; white-space: nowrap; max-width: 18rem; overflow: hidden;
                 text-overflow: ellipsis; border-right: 1px solid #d0d7de; }
.heat td.cell a { display: block; width: 1.6rem; height: 1.4rem; margin: 1px; line-height: 1.4rem;
                  text-align: center; color: inherit; text-decoration: none; border-radius: .15rem; }
.heat td.cell a:hover, .heat td.cell a:focus { outline: 2px solid #0969da; outline-offset: -1px; }
.heat td.waived a { box-shadow: inset 0 0 0 2px #fff; }
.heat td.gaps { padding: 0 .5rem; color: #57606a; text-align: right; }
.ev { display: none; }
.ev:target { display: block; position: fixed; right: 1rem; bottom: 1rem; z-index: 10; width: min(38rem, 92vw);
             max-height: 75vh; overflow: auto; background: #fff; border: 1px solid #8c959f; border-radius: .4rem;
             box-shadow: 0 8px 24px rgba(0, 0, 0, .2); padding: .75rem 1rem; }
.ev h3 { font-size: 1rem; margin: 0 1.5rem .4rem 0; }
.ev .close { position: absolute; top: .4rem; right: .6rem; text-decoration: none; font-size: 1.2rem; }
.ev blockquote { margin: .4rem 0; padding-left: .6rem; border-left: 3px solid #d0d7de; }
.ev .where, .ev .reason, .ev .waiver, .ev .path { font-size: .85rem; color: #32383f; }
.ev .path { word-break: break-all; }
.errors li, .notes li { margin-bottom: .25rem; }
dt { font-weight: 600; margin-top: .5rem; }
dd { margin-left: 1.25rem; }
footer { margin-top: 1.5rem; font-size: .8rem; color: #57606a; }
@media print { .wrap { max-height: none; overflow: visible; } .controls { display: none; }
               .ev { display: block; position: static; box-shadow: none; margin: .5rem 0; } }
""".strip()

SCRIPT = """
(function () {
  var table = document.getElementById("heat");
  if (!table) { return; }
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var filter = document.getElementById("filter"), shown = document.getElementById("shown");
  var state = {key: "", dir: 1};
  document.body.classList.add("js");
  function apply() {
    var want = filter.value, count = 0;
    rows.forEach(function (row) {
      var statuses = row.getAttribute("data-statuses").split(" ");
      var keep = want === "all" || (want === "clean" ? row.getAttribute("data-gaps") === "0"
                                                      : statuses.indexOf(want) >= 0);
      row.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " documents shown";
  }
  function value(row, key) {
    if (key === "document") { return row.getAttribute("data-name"); }
    if (key === "gaps") { return -Number(row.getAttribute("data-gaps")); }
    var index = heads.findIndex(function (head) { return head.getAttribute("data-key") === key; });
    return index < 0 ? 0 : -Number(row.cells[index].getAttribute("data-severity"));
  }
  function sortBy(key) {
    state.dir = state.key === key ? -state.dir : 1;
    state.key = key;
    rows.sort(function (a, b) {
      var x = value(a, key), y = value(b, key);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return state.dir * order || Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index"));
    });
    rows.forEach(function (row) { body.appendChild(row); });
    heads.forEach(function (head) {
      if (head.getAttribute("data-key") === key) {
        head.setAttribute("aria-sort", state.dir > 0 ? "descending" : "ascending");
      } else { head.removeAttribute("aria-sort"); }
    });
  }
  heads.forEach(function (head) {
    var button = head.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(head.getAttribute("data-key")); }); }
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get("status")) { filter.value = params.get("status"); }
  if (params.get("sort")) { sortBy(params.get("sort")); }
  filter.addEventListener("change", apply);
  apply();
})();
""".strip()


def render(report: Report, options: RenderOptions) -> str:
    keys = [(standard, item) for standard, item, _title in columns(report)]
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
        *_coverage(report, keys),
        *_map(report, keys, options.root or repository_root()),
        *_evidence(report, keys, options.root or repository_root()),
    ]
    if not options.quiet:
        parts += _wording(report)
    parts += [
        f"<footer>policy-audit {_text(__version__)}</footer>",
        f"<script>\n{SCRIPT}\n</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _legend() -> list[str]:
    lines = ['<ul class="legend">']
    for status in SHOWN:
        swatch = f'<span class="sw s-{status.value}">{status.symbol}</span>'
        lines.append(f'<li title="{_attr(MEANINGS[status])}">{swatch} {status.value}</li>')
    lines.append('<li title="a gap accepted until a date, for a stated reason: still shown">')
    lines.append('<span class="sw s-missing" style="box-shadow: inset 0 0 0 2px #fff">○</span> waived</li>')
    lines.append("<li>Hover over a cell for its quote; click it to open the evidence.</li>")
    return [*lines, "</ul>"]


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


def _coverage(report: Report, keys: list[tuple[str, str]]) -> list[str]:
    """One bar per safeguard: how many documents meet it, partly meet it, contradict it, lack it."""
    titles = {(standard, item): title for standard, item, title in columns(report)}
    lines = ['<h2 id="coverage">Coverage per safeguard</h2>', '<table class="coverage">', "<tbody>"]
    for key in keys:
        counts = dict.fromkeys(SHOWN, 0)
        for document in report.documents:
            for result in document.results:
                if (result.standard, result.item) == key:
                    counts[result.status] += 1
        total = sum(counts.values()) or 1
        segments = "".join(
            f'<span class="s-{status.value}" style="width:{100 * count / total:.2f}%" '
            f'title="{count} {status.value}"></span>'
            for status, count in counts.items()
            if count
        )
        numbers = " · ".join(
            f"{count} {status.value}" for status, count in counts.items() if count or status in SHOWN[:4]
        )
        lines.append(
            f'<tr><th scope="row" title="{_attr(titles[key])}">{_text(_label(key))}</th>'
            f'<td><div class="bar" role="img" aria-label="{_attr(numbers)}">{segments}</div></td>'
            f'<td class="counts">{_text(numbers)}</td></tr>'
        )
    return [*lines, "</tbody>", "</table>"]


def _map(report: Report, keys: list[tuple[str, str]], root: Path) -> list[str]:
    titles = {(standard, item): title for standard, item, title in columns(report)}
    options = [("all", "all documents")] + [(status.value, f"with an item {status.value}") for status in SHOWN[1:]]
    options.append(("clean", "with no gap"))
    lines = [
        '<h2 id="map">Documents × safeguards</h2>',
        '<div class="controls"><label>Show <select id="filter">'
        + "".join(f'<option value="{value}">{_text(text)}</option>' for value, text in options)
        + '</select></label> <span id="shown" aria-live="polite"></span>'
        + "<span>Click a column's name to sort by it (worst first; again to reverse).</span></div>",
        '<div class="wrap">',
        '<table class="heat" id="heat">',
        "<thead>",
    ]
    header = ['<tr><th scope="col" class="doc" data-key="document"><button type="button">document</button></th>']
    for key in keys:
        title = f"{key[0]}: {titles[key]}"
        header.append(
            f'<th scope="col" class="item" data-key="{_attr(_label(key))}" title="{_attr(title)}">'
            f'<button type="button">{_text(_label(key))}</button></th>'
        )
    header.append('<th scope="col" class="doc" data-key="gaps"><button type="button">gaps</button></th>')
    lines += ["".join(header) + "</tr>", "</thead>", "<tbody>"]
    names = short_names([document.path for document in report.documents])
    for row, (document, name) in enumerate(zip(report.documents, names, strict=True)):
        lines.append(_row(row, document, name, keys, root))
    lines += ["</tbody>", "</table>", "</div>"]
    return lines


def _row(row: int, document: DocumentReport, name: str, keys: list[tuple[str, str]], root: Path) -> str:
    by_key = {(result.standard, result.item): result for result in document.results}
    statuses = sorted({result.status.value for result in document.results})
    gaps = sum(1 for result in document.results if is_gap(result) and result.waiver is None)
    pages = f"{document.pages} page{'s' if document.pages != 1 else ''}"
    detail = "could not be read" if document.error else pages
    head = f'<th scope="row" title="{_attr(f"{document.path} ({detail})")}">{_text(name)}</th>'
    cells = []
    for column, key in enumerate(keys):
        result = by_key.get(key)
        if result is None:
            cells.append('<td class="cell" data-severity="-1"></td>')
            continue
        status = result.status
        hover = [f"{_label(key)}: {status.symbol} {status.value}"]
        evidence = result.evidence[0] if result.evidence else None
        if evidence is not None:
            hover.append(f"“{quote(evidence, 100)}”")
        elif document.error:
            hover.append(one_line(document.error))
        if result.waiver is not None:
            hover.append(waiver_text(result.waiver, root))
        waived = " waived" if result.waiver is not None else ""
        cells.append(
            f'<td class="cell{waived}" data-severity="{status.severity}">'
            f'<a class="s-{status.value}" href="#e{row}-{column}" title="{_attr(chr(10).join(hover))}">'
            f"{status.symbol}</a></td>"
        )
    return (
        f'<tr data-index="{row}" data-name="{_attr(name.lower())}" data-gaps="{gaps}" '
        f'data-statuses="{" ".join(statuses)}">{head}{"".join(cells)}<td class="gaps">{gaps}</td></tr>'
    )


def _evidence(report: Report, keys: list[tuple[str, str]], root: Path) -> list[str]:
    """Every cell's evidence, each shown as a panel when its cell's link is followed (CSS :target)."""
    lines = ['<div id="evidence">']
    for row, document in enumerate(report.documents):
        by_key = {(result.standard, result.item): result for result in document.results}
        for column, key in enumerate(keys):
            result = by_key.get(key)
            if result is not None:
                lines.append(_panel(f"e{row}-{column}", document, result, root))
    return [*lines, "</div>"]


def _panel(anchor: str, document: DocumentReport, result: Result, root: Path) -> str:
    status = result.status
    body = [
        f'<article class="ev" id="{anchor}">',
        '<a class="close" href="#map" title="close">×</a>',
        f"<h3>{_text(result.title)} "
        f'<span class="sw s-{status.value}">{status.symbol}</span> {_text(status.value)}</h3>',
        f'<div class="path">{_text(document.path)} · {_text(_label((result.standard, result.item)))}</div>',
    ]
    for evidence in result.evidence:
        where = " · ".join(part for part in (place(evidence), one_line(evidence.section)) if part)
        body.append(f"<blockquote>{_text(quote(evidence, None))}</blockquote>")
        body.append(f'<div class="where">{_text(where)}</div>')
    reason = document.error if status is Status.UNREADABLE and document.error else result.reason
    body.append(f'<p class="reason">{_text(reason)}</p>')
    if result.waiver is not None:
        body.append(f'<p class="waiver">{_text(waiver_text(result.waiver, root))}</p>')
    body.append("</article>")
    return "".join(body)


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


def short_names(paths: list[str]) -> list[str]:
    """Each path's shortest tail of folder names that no other path shares ('a/x.pdf' and 'b/x.pdf')."""
    split = [path.replace("\\", "/").strip("/").split("/") for path in paths]
    depth = [1] * len(paths)
    while True:
        names = ["/".join(parts[-count:]) for parts, count in zip(split, depth, strict=True)]
        seen: dict[str, list[int]] = {}
        for index, name in enumerate(names):
            seen.setdefault(name, []).append(index)
        clashes = [index for group in seen.values() if len(group) > 1 for index in group]
        grown = False
        for index in clashes:
            if depth[index] < len(split[index]):
                depth[index] += 1
                grown = True
        if not grown:
            return names


def _label(key: tuple[str, str]) -> str:
    return key[1] if key[0] == "core" else f"{key[0]}:{key[1]}"


def _text(text: str) -> str:
    return escape(one_line(text), quote=False)


def _attr(text: str) -> str:
    return escape("\n".join(one_line(line) for line in clean(text).split("\n")), quote=True)
