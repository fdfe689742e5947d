/**
 * Conformance with upstream pod-security-admission's own fixtures
 * (../shared/conformance/pss, see SOURCE.md there): every pass fixture is allowed and
 * every fail fixture denied, at exactly its directory's level and version, with the
 * fixture's check among the violations (or the restricted check that replaces it at
 * that version) and upstream's expected substring in the denial message. Then the same
 * verdicts for every fixture wrapped in each workload kind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inventoryFromYaml } from '../src/input/load.js';
import { WORKLOAD_KINDS, type WorkloadKind } from '../src/model/kinds.js';
import type { Workload } from '../src/model/workloads.js';
import {
  CHECK_IDS,
  type CheckId,
  denialMessage,
  evaluateWorkload,
  NEWEST_MINOR,
  type PodEvaluation,
  type PssLevel,
  replacedBy,
} from '../src/pss/index.js';
import { toYaml, wrapPod } from './support/scan.js';

const ROOT = fileURLToPath(new URL('../../shared/conformance/pss', import.meta.url));
const present = existsSync(ROOT);

/** Upstream's expectErrorSubstring per check (test/fixtures_*.go); default is the check id. */
const EXPECTED_SUBSTRING: Partial<Record<CheckId, string>> = {
  appArmorProfile: 'forbidden AppArmor profile',
  capabilities_baseline: 'capabilities',
  capabilities_restricted: 'unrestricted capabilities',
  hostNamespaces: 'host namespaces',
  hostPathVolumes: 'hostPath',
  hostPorts: 'hostPort',
  hostProbesAndHostLifecycle: 'probe or lifecycle host',
  procMount_restricted: 'procMount',
  restrictedVolumes: 'restricted volume types',
  seccompProfile_baseline: 'seccompProfile',
  seccompProfile_restricted: 'seccompProfile',
  sysctls: 'forbidden sysctl',
  windowsHostProcess: 'hostProcess',
};

const BY_LOWER = new Map<string, CheckId>(CHECK_IDS.map((id) => [id.toLowerCase(), id]));

/** The check a fixture exercises, from its file stem (`capabilities_baseline3` → capabilities_baseline). */
function checkOfStem(stem: string): CheckId | undefined {
  return BY_LOWER.get(stem.replace(/\d+$/, ''));
}

interface Fixture {
  file: string;
  level: Exclude<PssLevel, 'privileged'>;
  version: string;
  minor: number;
  expectAllowed: boolean;
  check: CheckId | undefined;
  text: string;
}

interface Directory {
  level: Fixture['level'];
  version: string;
  fixtures: Fixture[];
}

function loadDirectories(): Directory[] {
  if (!present) return [];
  const out: Directory[] = [];
  for (const level of ['baseline', 'restricted'] as const) {
    const versions = readdirSync(join(ROOT, level))
      .filter((v) => /^v1\.\d+$/.test(v))
      .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    for (const version of versions) {
      const fixtures: Fixture[] = [];
      for (const outcome of ['pass', 'fail'] as const) {
        const dir = join(ROOT, level, version, outcome);
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir).sort()) {
          if (!name.endsWith('.yaml')) continue;
          const file = join(level, version, outcome, name);
          fixtures.push({
            file,
            level,
            version,
            minor: Number(version.slice(3)),
            expectAllowed: outcome === 'pass',
            check: checkOfStem(name.slice(0, -'.yaml'.length)),
            text: readFileSync(join(dir, name), 'utf8'),
          });
        }
      }
      out.push({ level, version, fixtures });
    }
  }
  return out;
}

const directories = loadDirectories();
const allFixtures = directories.flatMap((d) => d.fixtures);

/** The single pod-bearing object of a YAML text, loaded through kzt's own loader. */
function workloadOfText(text: string, file: string): Workload {
  const loaded = inventoryFromYaml(text, file);
  expect(loaded.issues, `${file}: loader issues`).toEqual([]);
  expect(loaded.documentProblems, `${file}: document problems`).toEqual([]);
  const ws = loaded.inventory.workloads();
  expect(ws.length, `${file}: one pod-bearing object`).toBe(1);
  return ws[0]!;
}

/** Why a verdict disagrees with the fixture, or undefined when it agrees. */
function disagreement(f: Fixture, e: PodEvaluation, version: string): string | undefined {
  if (e.problems.length > 0) return `${f.file}: unexpected type problems ${JSON.stringify(e.problems)}`;
  if (f.expectAllowed) {
    return e.allowed ? undefined : `${f.file}: expected allowed, got ${denialMessage(e)}`;
  }
  if (e.allowed) return `${f.file}: expected denied at ${f.level}:${version}, got allowed`;
  if (f.check === undefined) return `${f.file}: fail fixture without a known check id`;
  const expected = new Set<CheckId>([f.check]);
  const replacement = replacedBy(f.level, f.minor, f.check);
  if (replacement) expected.add(replacement);
  const got = e.violations.map((v) => v.check);
  if (!got.some((c) => expected.has(c)))
    return `${f.file}: expected a ${[...expected].join(' or ')} violation, got ${got.join(', ')}`;
  const substring = EXPECTED_SUBSTRING[f.check] ?? f.check;
  const message = denialMessage(e);
  if (!message.includes(substring))
    return `${f.file}: message lacks ${JSON.stringify(substring)}: ${message}`;
  if (!message.startsWith(`violates PodSecurity "${f.level}:${version}": `))
    return `${f.file}: unexpected message prefix: ${message}`;
  return undefined;
}

function expectAgreement(problems: string[]): void {
  expect(problems.slice(0, 20), `${problems.length} disagreement(s)`).toEqual([]);
}

describe.skipIf(!present)('PSS conformance with upstream fixtures (../shared/conformance/pss)', () => {
  it('finds the whole fixture corpus: 4,537 fixtures in 76 directories', () => {
    expect(directories.length).toBe(76);
    expect(allFixtures.length).toBe(4537);
    expect(allFixtures.filter((f) => f.expectAllowed).length).toBe(1051);
    expect(allFixtures.filter((f) => !f.expectAllowed).length).toBe(3486);
    // Every fail fixture names a check kzt knows.
    expect(allFixtures.filter((f) => !f.expectAllowed && f.check === undefined).map((f) => f.file)).toEqual(
      [],
    );
    // The newest fixture directory is the newest version kzt knows (latest clamps there).
    expect(Math.max(...allFixtures.map((f) => f.minor))).toBe(NEWEST_MINOR);
  });

  it.each(directories.map((d) => [`${d.level}/${d.version}`, d] as const))(
    'Pod fixtures of %s: same verdicts as upstream',
    (_name, d) => {
      const problems: string[] = [];
      for (const f of d.fixtures) {
        const w = workloadOfText(f.text, f.file);
        const why = disagreement(f, evaluateWorkload(w, { level: f.level, version: f.version }), f.version);
        if (why) problems.push(why);
      }
      expectAgreement(problems);
    },
  );

  it('latest and any newer version behave like the newest directory', () => {
    const newest = directories.filter((d) => d.version === `v1.${NEWEST_MINOR}`);
    expect(newest.length).toBe(2);
    const problems: string[] = [];
    for (const d of newest) {
      for (const f of d.fixtures) {
        const w = workloadOfText(f.text, f.file);
        for (const version of ['latest', `v1.${NEWEST_MINOR + 1}`, 'v1.999']) {
          const e = evaluateWorkload(w, { level: f.level, version });
          expect(e.version).toBe(`v1.${NEWEST_MINOR}`);
          const why = disagreement(f, e, version);
          if (why) problems.push(`${why} (as ${version})`);
        }
      }
    }
    expectAgreement(problems);
  });

  describe.each(WORKLOAD_KINDS.filter((k) => k !== 'Pod').map((k) => [k] as const))(
    'every fixture wrapped in a %s',
    (kind: WorkloadKind) => {
      it.each(directories.map((d) => [`${d.level}/${d.version}`, d] as const))(
        '%s: same verdicts as the bare Pod',
        (_name, d) => {
          const problems: string[] = [];
          for (const f of d.fixtures) {
            const pod = inventoryFromYaml(f.text, f.file).inventory.resources[0]!.object;
            const w = workloadOfText(toYaml(wrapPod(pod, kind)), `${f.file} as ${kind}`);
            expect(w.resource.ref.kind).toBe(kind);
            const e = evaluateWorkload(w, { level: f.level, version: f.version });
            const why = disagreement(f, e, f.version);
            if (why) problems.push(`${why} (as ${kind})`);
            // Every offending field points into the template, never at the pod's old place.
            for (const v of e.violations)
              for (const field of v.fields)
                if (
                  field.path[0] === 'spec' &&
                  field.path[1] !== 'template' &&
                  field.path[1] !== 'jobTemplate'
                )
                  problems.push(`${f.file} as ${kind}: path ${field.path.join('.')} is outside the template`);
          }
          expectAgreement(problems);
        },
      );
    },
  );
});
