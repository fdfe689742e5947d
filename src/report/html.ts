/**
 * `kzt scan -o html`: one self-contained HTML file to attach to a ticket or archive as a
 * CI artifact. It opens offline and loads nothing: styles and the small script are
 * inline, the charts are SVG drawn here, and a Content-Security-Policy meta tag allows
 * exactly that inline style and script (by hash) and nothing else — not even images.
 *
 * Every finding is rendered into the page as HTML, so the report is complete without
 * JavaScript; the script only adds filtering (severity, pillar, text, suppressed).
 * Every manifest-derived string goes through htmlEscape(): names, labels and messages are
 * attacker-controlled, and a report that ran a manifest's script in the reader's browser
 * would be a security hole in a security tool.
 */
import { createHash } from 'node:crypto';
import {
  type Finding,
  type FindingPillar,
  PILLAR_TITLES,
  PILLARS,
  type ScanResult,
  SEVERITIES,
  type Severity,
} from '../engine/types.js';
import {
  checkDocRef,
  locationLabel,
  originLabel,
  resourceLabel,
  sortedFindings,
  suppressionLabel,
} from './common.js';
import { htmlEscape as esc } from './escape.js';

const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#7f1d1d',
  high: '#dc2626',
  medium: '#d97706',
  low: '#2563eb',
  info: '#6b7280',
};

function scoreColour(score: number | null): string {
  if (score === null) return '#9ca3af';
  if (score >= 90) return '#16a34a';
  if (score >= 70) return '#d97706';
  return '#dc2626';
}

const STYLE = `
:root{color-scheme:light dark;--fg:#111827;--bg:#fff;--muted:#6b7280;--line:#e5e7eb;--card:#f9fafb}
@media (prefers-color-scheme:dark){:root{--fg:#e5e7eb;--bg:#111827;--muted:#9ca3af;--line:#374151;--card:#1f2937}}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:24px;max-width:1400px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:16px;margin:16px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
svg text{fill:var(--fg);font:12px system-ui,sans-serif}
table{border-collapse:collapse;width:100%;margin:8px 0;table-layout:fixed}
table.findings col.c-sev{width:96px}table.findings col.c-check{width:180px}table.findings col.c-obj{width:22%}table.findings col.c-loc{width:22%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-weight:600;background:var(--card)}
td.msg{white-space:pre-wrap;word-break:break-word}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all}
.sev{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;font-weight:600;padding:1px 6px}
.sev-critical{background:#7f1d1d}.sev-high{background:#dc2626}.sev-medium{background:#b45309}.sev-low{background:#2563eb}.sev-info{background:#6b7280}
.why{color:var(--muted);font-style:italic}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px;position:sticky;top:0}
.filters input[type=search]{min-width:240px;padding:4px 6px}
tr[hidden]{display:none}
a{color:#2563eb}
`;

const SCRIPT = `
(function(){
  var q=document.getElementById('q'),sup=document.getElementById('show-suppressed');
  var boxes=[].slice.call(document.querySelectorAll('input[data-filter-severity]'));
  var rows=[].slice.call(document.querySelectorAll('tr[data-severity]'));
  var count=document.getElementById('shown');
  function apply(){
    var text=q.value.toLowerCase(),on={},n=0;
    boxes.forEach(function(b){on[b.getAttribute('data-filter-severity')]=b.checked;});
    rows.forEach(function(r){
      var show=on[r.getAttribute('data-severity')]&&(sup.checked||r.getAttribute('data-suppressed')!=='true')&&(!text||r.textContent.toLowerCase().indexOf(text)!==-1);
      r.hidden=!show;if(show)n++;
    });
    count.textContent=String(n);
  }
  [q,sup].concat(boxes).forEach(function(el){el.addEventListener('input',apply);});
  apply();
})();
`;

function hash(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64');
}

/** The Content-Security-Policy of the report: nothing but its own inline style and script. */
export const HTML_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${hash(STYLE)}'`,
  `script-src 'sha256-${hash(SCRIPT)}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** A horizontal bar chart of pillar scores (null drawn as an empty, labelled n/a track). */
function pillarChart(result: ScanResult): string {
  const rowH = 26;
  const labelW = 110;
  const barW = 240;
  const h = PILLARS.length * rowH + 8;
  const rows = PILLARS.map((p, i) => {
    const s = result.scores.pillars[p].score;
    const y = i * rowH + 4;
    const w = s === null ? 0 : Math.round((barW * s) / 100);
    return [
      `<text x="0" y="${y + 16}">${esc(PILLAR_TITLES[p])}</text>`,
      `<rect x="${labelW}" y="${y + 4}" width="${barW}" height="16" rx="3" fill="#9ca3af" fill-opacity="0.25"/>`,
      `<rect x="${labelW}" y="${y + 4}" width="${w}" height="16" rx="3" fill="${scoreColour(s)}"/>`,
      `<text x="${labelW + barW + 8}" y="${y + 16}">${s === null ? 'n/a' : `${s}/100`}</text>`,
    ].join('');
  }).join('');
  return `<svg role="img" aria-label="Scores by pillar" width="${labelW + barW + 60}" height="${h}" viewBox="0 0 ${labelW + barW + 60} ${h}">${rows}</svg>`;
}

/** A donut of the overall score. */
function scoreDonut(score: number | null): string {
  const r = 42;
  const c = 2 * Math.PI * r;
  const filled = score === null ? 0 : (c * score) / 100;
  return [
    `<svg role="img" aria-label="Overall score ${score === null ? 'n/a' : score}" width="120" height="120" viewBox="0 0 120 120">`,
    `<circle cx="60" cy="60" r="${r}" fill="none" stroke="#9ca3af" stroke-opacity="0.25" stroke-width="14"/>`,
    `<circle cx="60" cy="60" r="${r}" fill="none" stroke="${scoreColour(score)}" stroke-width="14" stroke-dasharray="${filled.toFixed(2)} ${c.toFixed(2)}" transform="rotate(-90 60 60)"/>`,
    `<text x="60" y="66" text-anchor="middle" font-size="20">${score === null ? 'n/a' : score}</text>`,
    '</svg>',
  ].join('');
}

/** Vertical bars: unsuppressed findings by severity. */
function severityChart(result: ScanResult): string {
  const counts = SEVERITIES.map((s) => result.summary.bySeverity[s]);
  const max = Math.max(1, ...counts);
  const colW = 56;
  const h = 120;
  const bars = SEVERITIES.map((s, i) => {
    const n = counts[i]!;
    const bh = Math.round(((h - 36) * n) / max);
    const x = i * colW + 8;
    return [
      `<rect x="${x}" y="${h - 20 - bh}" width="${colW - 16}" height="${bh}" fill="${SEVERITY_COLOURS[s]}"/>`,
      `<text x="${x + (colW - 16) / 2}" y="${h - 24 - bh}" text-anchor="middle">${n}</text>`,
      `<text x="${x + (colW - 16) / 2}" y="${h - 4}" text-anchor="middle">${s}</text>`,
    ].join('');
  }).join('');
  return `<svg role="img" aria-label="Findings by severity" width="${SEVERITIES.length * colW + 8}" height="${h}" viewBox="0 0 ${SEVERITIES.length * colW + 8} ${h}">${bars}</svg>`;
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function findingRow(f: Finding): string {
  const where = originLabel(f.location);
  const why = f.suppressed ? `<div class="why">${esc(suppressionLabel(f.suppression))}</div>` : '';
  return [
    `<tr data-severity="${esc(f.severity)}" data-suppressed="${f.suppressed}">`,
    `<td><span class="sev sev-${esc(f.severity)}">${esc(f.severity)}</span></td>`,
    `<td><span class="mono" title="${esc(checkDocRef(f.checkId))}">${esc(f.checkId)}</span><div class="muted">${esc(f.slug)}</div></td>`,
    `<td class="mono">${esc(resourceLabel(f.resource))}</td>`,
    `<td class="mono">${esc(where)}${f.path ? `<div class="muted">${esc(f.path)}</div>` : ''}</td>`,
    `<td class="msg">${esc(f.message)}${why}</td>`,
    '</tr>',
  ].join('');
}

const TABLE_HEAD =
  '<table class="findings"><colgroup><col class="c-sev"><col class="c-check"><col class="c-obj"><col class="c-loc"><col></colgroup><thead><tr><th>Severity</th><th>Check</th><th>Object</th><th>Location</th><th>Message</th></tr></thead><tbody>';

/** Lines are written in batches of this many (tens of KiB: see CHUNK_CHARS in stream.ts). */
const FLUSH_LINES = 512;

/** The page, in chunks of whole lines. */
export function* formatHtml(result: ScanResult): Generator<string> {
  const s = result.summary;
  const findings = sortedFindings(result.findings);
  const byPillar = new Map<FindingPillar, Finding[]>();
  for (const f of findings) {
    const list = byPillar.get(f.pillar);
    if (list) list.push(f);
    else byPillar.set(f.pillar, [f]);
  }
  const out: string[] = [];
  const flush = () => {
    const text = `${out.join('\n')}\n`;
    out.length = 0;
    return text;
  };
  out.push(
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(HTML_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>kzt report: ${plural(s.findings, 'finding')}</title>`,
    `<style>${STYLE}</style>`,
    '</head><body>',
    `<h1>kzt Zero Trust report</h1><div class="muted">kzt ${esc(result.tool.version)} · ${plural(s.files, 'file')} · ${plural(s.resources, 'object')} · ${plural(s.checks, 'check')} · Pod Security Standards ${esc(result.options.pss.level)} ${esc(result.options.pss.version)}</div>`,
  );
  out.push(
    '<div class="cards">',
    `<div class="card"><div class="muted">Overall score</div>${scoreDonut(result.scores.overall)}</div>`,
    `<div class="card"><div class="muted">Scores by pillar</div>${pillarChart(result)}</div>`,
    `<div class="card"><div class="muted">Findings by severity (${s.findings}, ${s.suppressed} suppressed)</div>${severityChart(result)}</div>`,
    '</div>',
  );
  if (result.errors.length > 0) {
    out.push(
      `<h2 id="errors">Errors (${result.errors.length})</h2><p>The scan is incomplete: these failed. Exit code 2.</p>`,
      '<table><thead><tr><th>Code</th><th>Where</th><th>Message</th></tr></thead><tbody>',
    );
    for (const e of result.errors)
      out.push(
        `<tr><td class="mono">${esc(e.code)}</td><td class="mono">${esc([locationLabel(e.location), e.checkId ?? '', e.resource ? resourceLabel(e.resource) : ''].filter((x) => x !== '').join(' '))}</td><td class="msg">${esc(e.message)}</td></tr>`,
      );
    out.push('</tbody></table>');
  }
  out.push(
    '<h2 id="findings">Findings</h2>',
    '<div class="filters" role="search">',
    ...SEVERITIES.map(
      (sev) =>
        `<label><input type="checkbox" data-filter-severity="${sev}" checked> ${sev} (${s.bySeverity[sev]})</label>`,
    ),
    `<label><input type="checkbox" id="show-suppressed" checked> suppressed (${s.suppressed})</label>`,
    '<input type="search" id="q" placeholder="filter: check, object, file, message" aria-label="filter">',
    `<span class="muted"><span id="shown">${findings.length}</span> shown</span>`,
    '</div>',
  );
  for (const p of [...PILLARS, 'input'] as const) {
    const list = byPillar.get(p) ?? [];
    if (p === 'input' && list.length === 0) continue;
    const score = p === 'input' ? null : result.scores.pillars[p].score;
    const head = p === 'input' ? 'not scored' : `score ${score === null ? 'n/a' : `${score}/100`}`;
    out.push(
      `<h2 id="pillar-${p}">${esc(PILLAR_TITLES[p])} <span class="muted">${head} · ${plural(list.length, 'finding')}</span></h2>`,
    );
    if (list.length === 0) {
      out.push('<p class="muted">No findings.</p>');
      continue;
    }
    out.push(TABLE_HEAD);
    for (const f of list) {
      out.push(findingRow(f));
      if (out.length >= FLUSH_LINES) yield flush();
    }
    out.push('</tbody></table>');
  }
  if (result.warnings.length > 0) {
    out.push(`<h2 id="warnings">Warnings (${result.warnings.length})</h2><ul>`);
    for (const w of result.warnings)
      out.push(`<li><span class="mono">${esc(locationLabel(w.location))}</span> ${esc(w.message)}</li>`);
    out.push('</ul>');
  }
  out.push(`<script>${SCRIPT}</script>`, '</body></html>');
  yield flush();
}
