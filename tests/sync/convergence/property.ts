/**
 * The convergence property, shared by the vitest file and `scripts/convergence.ts`: random
 * offline edits on 3–6 devices, random sync order, random network faults and server restarts,
 * then a healed network; all replicas must equal the server and no accepted write may be lost.
 *
 * IndexedDB must be provided by the caller (`import 'fake-indexeddb/auto'`).
 */
import fc from 'fast-check';
import { run, scenario, settle, type Scenario } from './commands';
import { checkConverged } from './invariants';
import { SimulatedCrash, World, type WorldStats } from './world';

export const DEFAULT_SEED = 20_260_201;
/** Enough for a CI run of at least 500 cases in well under two minutes. */
export const DEFAULT_RUNS = 500;
export const MAX_COMMANDS = 16;

export interface CaseReport extends WorldStats {
  accepted: number;
  conflicts: number;
}

/** Totals over the cases run, for the long-run report. */
export const totals: CaseReport & { cases: number } = { cases: 0, accepted: 0, conflicts: 0, restarts: 0, crashes: 0, rolledBack: 0, faults: 0 };

/** The server logs errors it answers with a 500; a simulated crash is expected, not news. */
function muteSimulatedCrashes(): () => void {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (args.some((a) => a instanceof SimulatedCrash)) return;
    original(...args);
  };
  return () => {
    console.error = original;
  };
}

export async function runCase(s: Scenario): Promise<CaseReport> {
  const unmute = muteSimulatedCrashes();
  let world: World | undefined;
  try {
    world = await World.create(s.devices);
    for (const cmd of s.commands) await run(world, cmd);
    await settle(world);
    await checkConverged(world);
    const report: CaseReport = {
      ...world.stats,
      accepted: world.accepted.length,
      conflicts: world.accepted.reduce((n, w) => n + w.result.conflictIds.length, 0),
    };
    totals.cases += 1;
    for (const k of ['accepted', 'conflicts', 'restarts', 'crashes', 'rolledBack', 'faults'] as const) totals[k] += report[k];
    return report;
  } finally {
    await world?.dispose();
    unmute();
  }
}

export function convergenceProperty(maxCommands = MAX_COMMANDS) {
  return fc.asyncProperty(scenario(maxCommands), async (s) => {
    await runCase(s);
  });
}

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

/** `CONVERGENCE_RUNS` and `CONVERGENCE_SEED` override the defaults. */
export function settingsFromEnv(env: Record<string, string | undefined>): { seed: number; numRuns: number } {
  return { seed: positiveInt(env.CONVERGENCE_SEED) ?? DEFAULT_SEED, numRuns: positiveInt(env.CONVERGENCE_RUNS) ?? DEFAULT_RUNS };
}
