/**
 * The HTML report, in a real browser: headless Chromium from the system (Debian package
 * `chromium`), driven by playwright-core. The test skips, saying so, when Chromium is not
 * installed; the static checks below run everywhere.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toWellFormed } from '../../src/report/escape.js';
import { HTML_CSP, formatHtml as htmlChunks } from '../../src/report/html.js';
import { resultWithText, sampleResult } from './fixtures.js';

const formatHtml = (...args: Parameters<typeof htmlChunks>) => [...htmlChunks(...args)].join('');

const CHROMIUM = process.env.KZT_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM)
  process.stdout.write(
    `SKIPPED: HTML report browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install -y chromium; or set KZT_CHROMIUM)\n`,
  );

const EVIL =
  '<img src=x onerror="window.__pwned=1"></td></script><script>window.__pwned=2</script>&amp;\u202E';

describe('html report (static)', () => {
  const html = formatHtml(sampleResult());

  it('is one self-contained document: no external resource of any kind', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(
      /\s(src|srcset|data|poster|background)\s*=|<link\b|@import|url\(|<iframe|<object|<embed/i,
    );
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${HTML_CSP.replace(/'/g, '&#39;')}">`,
    );
    expect(HTML_CSP).toMatch(
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*'/,
    );
  });

  it('lists every finding, suppressed ones with who and why, and the errors', () => {
    const r = sampleResult();
    expect(html.match(/<tr data-severity=/g)).toHaveLength(r.findings.length);
    expect(html).toContain(
      'suppressed by annotation kzt.io/ignore: needs the host network stack (ticket OPS-12)',
    );
    expect(html).toContain('check ZT-MON-901 failed on ConfigMap/cm: boom on cm');
  });

  it('escapes manifest strings so they cannot open or close elements (property)', () => {
    const base = sampleResult();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = formatHtml(resultWithText(`${s}<b>`, base));
        expect(out.match(/<script>/g)).toHaveLength(1);
        expect(out.match(/<b>/g)).toBeNull();
        expect(out.match(/<tr data-severity=/g)).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

describe.skipIf(!HAVE_CHROMIUM)('html report in headless Chromium', () => {
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  const dir = mkdtempSync(join(tmpdir(), 'kzt-html-'));

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(html: string, name: string) {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage({ javaScriptEnabled: true });
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content.Security.Policy|Refused/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url);
    return { page, requests: () => requests.filter((u) => u !== url), problems };
  }

  it('loads nothing, violates no CSP directive, and its script runs', async () => {
    const { page, requests, problems } = await open(formatHtml(sampleResult()), 'sample.html');
    expect(requests()).toEqual([]);
    expect(problems).toEqual([]);
    // The script ran under the CSP (it fills in the count of shown rows).
    expect(await page.textContent('#shown')).toBe(String(sampleResult().findings.length));
    expect(await page.locator('svg').count()).toBe(3);
    await page.screenshot({ path: join(tmpdir(), 'kzt-report.png'), fullPage: true });
    await page.close();
  });

  it('filters by severity, suppressed state and text', async () => {
    const r = sampleResult();
    const { page, problems } = await open(formatHtml(r), 'filter.html');
    const visible = () => page.locator('tr[data-severity]:visible').count();
    expect(await visible()).toBe(r.findings.length);
    await page.uncheck('input[data-filter-severity="critical"]');
    expect(await visible()).toBe(r.findings.filter((f) => f.severity !== 'critical').length);
    await page.check('input[data-filter-severity="critical"]');
    await page.uncheck('#show-suppressed');
    expect(await visible()).toBe(r.findings.filter((f) => !f.suppressed).length);
    await page.check('#show-suppressed');
    await page.fill('#q', 'too-wide');
    expect(await visible()).toBe(1);
    expect(await page.textContent('#shown')).toBe('1');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile manifest strings as text and runs none of them', async () => {
    const { page, problems, requests } = await open(formatHtml(resultWithText(EVIL)), 'evil.html');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.textContent('tr[data-severity] td.msg')).toBe(EVIL);
    expect(requests()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("round-trips arbitrary strings through the browser's HTML parser (property sample)", async () => {
    const base = sampleResult();
    const samples = fc.sample(fc.oneof(fc.string({ unit: 'binary' }), fc.string()), {
      numRuns: 60,
      seed: 42,
    });
    samples.push(EVIL, '\r\n\u0000\u2028]]></td>', '&lt;&#0;&');
    const one = resultWithText('x', base);
    const r = {
      ...one,
      findings: samples.map((m, i) => ({
        ...one.findings[0]!,
        message: m,
        fingerprint: String(i).padStart(16, '0'),
      })),
    };
    const { page, problems } = await open(formatHtml(r), 'property.html');
    const texts = await page.locator('tr[data-severity] td.msg').allTextContents();
    // What an HTML parser does to any text: CR and CRLF become LF, NUL becomes U+FFFD.
    const parsed = (m: string) =>
      toWellFormed(m)
        .replace(/\r\n?/g, '\n')
        .replace(/\u0000/g, '\uFFFD');
    expect([...texts].sort()).toEqual(samples.map(parsed).sort());
    expect(problems).toEqual([]);
    await page.close();
  });

  it('blocks a script injected despite everything (the CSP is enforced)', async () => {
    // Simulate an escaping bug: splice a raw script into the page. The CSP must refuse it.
    const html = formatHtml(sampleResult()).replace('</body>', '<script>window.__pwned=3</script></body>');
    const { page, problems } = await open(html, 'csp.html');
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems.join('\n')).toMatch(/Content Security Policy/);
    await page.close();
  });
});
