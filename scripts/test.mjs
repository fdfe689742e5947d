// `npm test`: build, typecheck, lint and unit tests, ending with one line
// "N passed, N failed" that CI reads. Each gate (build, typecheck, lint) counts as a test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;
const gate = (name, cmd, args) => {
  process.stdout.write(`\n== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) passed++;
  else {
    failed++;
    process.stdout.write(`== ${name} FAILED\n`);
  }
  return r.status === 0;
};

gate('build', 'node', ['scripts/build.mjs']);
gate('typecheck', 'npx', ['tsc', '--noEmit']);
gate('lint', 'npx', ['biome', 'check', '.']);

mkdirSync('.ci/out', { recursive: true });
const report = '.ci/out/vitest.json';
rmSync(report, { force: true });
process.stdout.write('\n== unit, property, conformance and end-to-end tests: vitest run\n');
const v = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...extra],
  {
    stdio: 'inherit',
  },
);
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // A test file that fails to load has no test results but must still fail the run.
  const broken = (json.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  );
  failed += broken.length;
  if (json.numPendingTests || json.numTodoTests) {
    process.stdout.write(`(${json.numPendingTests + json.numTodoTests} skipped)\n`);
  }
  // The conformance tests read the upstream corpus beside the project; say so when it is not there.
  if (!existsSync('../shared/conformance'))
    process.stdout.write(
      'note: ../shared/conformance not found: the Pod Security Standards and NetworkPolicy conformance tests were skipped\n',
    );
} catch {
  failed++;
  process.stdout.write(`vitest did not produce ${report} (exit ${v.status})\n`);
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
