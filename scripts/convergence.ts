/**
 * Long run of the sync convergence property, outside vitest:
 *
 *   npx tsx scripts/convergence.ts --runs 10000 [--seed N] [--path P] [--max-commands N] [--shrink]
 *
 * Prints the number of cases run, the failures and how to replay them; exits non-zero on failure.
 */
import 'fake-indexeddb/auto';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { DEFAULT_SEED, MAX_COMMANDS, convergenceProperty, totals } from '../tests/sync/convergence/property';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string' },
    path: { type: 'string' },
    'max-commands': { type: 'string', default: String(MAX_COMMANDS) },
    shrink: { type: 'boolean', default: false },
  },
});

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) {
    console.error(`--${name}: an integer is expected, not « ${value} »`);
    process.exit(2);
  }
  return Number(value);
}

const numRuns = int('runs', values.runs, 10_000);
const seed = int('seed', values.seed, DEFAULT_SEED);
const maxCommands = int('max-commands', values['max-commands'], MAX_COMMANDS);

const started = performance.now();
const progress = setInterval(() => {
  console.log(`  … ${totals.cases} case(s) in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}, 30_000);
progress.unref();
const details = await fc.check(convergenceProperty(maxCommands), {
  seed,
  numRuns,
  ...(values.path ? { path: values.path } : {}),
  // Without --shrink, stop at the first failure: the seed and path replay it exactly.
  endOnFailure: !values.shrink,
});
clearInterval(progress);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(`convergence: ${details.numRuns} case(s) run in ${seconds} s, seed ${seed}${values.path ? `, path ${values.path}` : ''}`);
console.log(
  `  ${totals.accepted} mutations accepted, ${totals.conflicts} conflict records, ${totals.faults} network faults, ` +
    `${totals.crashes} server crashes (${totals.rolledBack} pushes rolled back), ${totals.restarts} restarts`,
);
if (details.failed) {
  console.log(`FAILED after ${details.numRuns} case(s) (${details.numShrinks} shrink(s))`);
  console.log(`  replay: npx tsx scripts/convergence.ts --runs 1 --seed ${details.seed} --path ${details.counterexamplePath ?? ''}`);
  console.log(`  counterexample: ${fc.stringify(details.counterexample)}`);
  console.log(`  error: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`);
  process.exit(1);
}
console.log('  failures: 0');
