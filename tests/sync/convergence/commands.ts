/**
 * The commands of a convergence case and their fast-check arbitraries. A case is a number of
 * devices and a list of commands run one after the other; the order of the list is the only
 * source of interleaving (holds are released by commands, never by timers).
 */
import fc from 'fast-check';
import { createRecord, deleteRecord, updateRecord, type Changes } from '../../../src/app/db/repository';
import type { FieldsOf } from '../../../src/domain/registry';
import { MAX_DEVICES, TERRITORY, COMMUNE, type Fault, type SimDevice, type SyncMode, type World } from './world';
import { checkLocalCopy } from './invariants';

export type Edited = 'directoryEntry' | 'family';

export type Command =
  | { t: 'create'; dev: number; entity: 'directoryEntry'; fields: FieldsOf<'directoryEntry'> }
  | { t: 'create'; dev: number; entity: 'family'; fields: FieldsOf<'family'> }
  | { t: 'edit'; dev: number; entity: Edited; pick: number; changes: Record<string, unknown> }
  | { t: 'delete'; dev: number; entity: Edited; pick: number }
  | { t: 'sync'; dev: number; mode: SyncMode; faults: (Fault | null)[] }
  | { t: 'release'; pick: number }
  | { t: 'deliver'; pick: number }
  | { t: 'restart' };

export interface Scenario {
  devices: number;
  commands: Command[];
}

// Small pools of valid, already normalised values, so that equal values, clears and same-field
// edits are frequent. `undefined` in an edit clears an optional field.
type Family = FieldsOf<'family'>;
const G1 = 'c0ffee00-0000-4000-8000-00000000000a';
const C1 = 'c0ffee00-0000-4000-8000-00000000000b';
const REFERENT = '0b5d1d0e-1111-4aaa-8bbb-000000000001';

const directoryRequired = {
  name: fc.constantFrom('Les Lutins', 'Pirouette', 'Ribambelle'),
  kind: fc.constantFrom('mam' as const, 'eaje' as const, 'assistant_maternel' as const),
};
const directoryOptional = {
  placesAvailable: fc.constantFrom(0, 2, 5),
  phone: fc.constantFrom('04 77 51 20 30', '04 77 51 20 31'),
  notes: fc.constantFrom('Rappeler lundi', 'Fermé en août'),
  languages: fc.constantFrom<string[]>(['fr'], ['fr', 'ar']),
  atypicalHours: fc.boolean(),
};
const familyRequired = {
  guardians: fc.constantFrom<Family['guardians']>([], [{ id: G1, firstName: 'Awa' }], [{ id: G1, firstName: 'Awa', phone: '06 11 22 33 44' }]),
  children: fc.constantFrom<Family['children']>([], [{ id: C1, birthDate: '2024-05-01' }]),
  needs: fc.constantFrom<Family['needs']>([], ['childcare'], ['childcare', 'paperwork']),
};
const familyOptional = {
  communeCode: fc.constantFrom('42224', '42218'),
  referentId: fc.constant(REFERENT),
  notes: fc.constantFrom('Première visite', 'Orientée vers la PMI'),
};

const clearable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
function clearables<R extends Record<string, fc.Arbitrary<unknown>>>(pools: R) {
  return Object.fromEntries(Object.entries(pools).map(([k, a]) => [k, clearable(a)])) as { [K in keyof R]: fc.Arbitrary<unknown> };
}

const dev = fc.nat({ max: MAX_DEVICES - 1 });
const pick = fc.nat({ max: 7 });
const nonEmpty = (c: Record<string, unknown>) => Object.keys(c).length > 0;

const createDirectory = fc.record({
  t: fc.constant('create' as const),
  dev,
  entity: fc.constant('directoryEntry' as const),
  fields: fc
    .record({ ...directoryRequired, ...directoryOptional }, { requiredKeys: ['name', 'kind'] })
    .map((f): FieldsOf<'directoryEntry'> => ({ ...f, communeCode: COMMUNE })),
});
const createFamily = fc.record({
  t: fc.constant('create' as const),
  dev,
  entity: fc.constant('family' as const),
  fields: fc.record({ ...familyRequired, ...familyOptional }, { requiredKeys: ['guardians', 'children', 'needs'] }).map((f): Family => ({ ...f })),
});
const edit = fc.oneof(
  fc.record({
    t: fc.constant('edit' as const),
    dev,
    entity: fc.constant('directoryEntry' as const),
    pick,
    changes: fc
      .record({ ...directoryRequired, ...clearables(directoryOptional), deleted: fc.boolean() }, { requiredKeys: [] })
      .filter(nonEmpty),
  }),
  fc.record({
    t: fc.constant('edit' as const),
    dev,
    entity: fc.constant('family' as const),
    pick,
    changes: fc.record({ ...familyRequired, ...clearables(familyOptional), deleted: fc.boolean() }, { requiredKeys: [] }).filter(nonEmpty),
  }),
);
const del = fc.record({ t: fc.constant('delete' as const), dev, entity: fc.constantFrom<Edited>('directoryEntry', 'family'), pick });

const fault: fc.Arbitrary<Fault | null> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 6 },
  { arbitrary: fc.constant({ kind: 'dropRequest' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'dropResponse' as const }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'duplicate' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'timeout' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('crash' as const), afterWrites: fc.nat({ max: 3 }) }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'holdRequest' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'holdResponse' as const }), weight: 1 },
);
const sync = fc.record({
  t: fc.constant('sync' as const),
  dev,
  mode: fc.constantFrom<SyncMode>('full', 'full', 'push', 'pull'),
  faults: fc.array(fault, { maxLength: 3 }),
});

export const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: createDirectory, weight: 3 },
  { arbitrary: createFamily, weight: 1 },
  { arbitrary: edit, weight: 6 },
  { arbitrary: del, weight: 1 },
  { arbitrary: sync, weight: 7 },
  { arbitrary: fc.record({ t: fc.constant('release' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ t: fc.constant('deliver' as const), pick }), weight: 1 },
  { arbitrary: fc.constant({ t: 'restart' as const }), weight: 1 },
);

export function scenario(maxCommands: number): fc.Arbitrary<Scenario> {
  return fc.record({
    devices: fc.integer({ min: 3, max: MAX_DEVICES }),
    commands: fc.array(command, { minLength: 1, maxLength: maxCommands, size: 'max' }),
  });
}

/** The records of `entity` this device holds, in creation order. */
async function localRecords(world: World, d: SimDevice, entity: Edited): Promise<string[]> {
  const ids = world.created.filter((c) => c.entity === entity).map((c) => c.id);
  const present = new Set(await d.db.records(entity).where('id').anyOf(ids).primaryKeys());
  return ids.filter((id) => present.has(id));
}

/** Runs a local write and notes the outbox entry it made, if any. */
async function localWrite(world: World, d: SimDevice, write: () => Promise<unknown>): Promise<void> {
  const before = (await d.db.outbox.orderBy('seq').last())?.seq ?? 0;
  await write();
  const made = await d.db.outbox.where('seq').above(before).toArray();
  for (const e of made) world.local.push({ mutationId: e.mutationId, device: d.index });
}

export async function run(world: World, cmd: Command): Promise<void> {
  switch (cmd.t) {
    case 'create': {
      const d = world.devices[cmd.dev % world.devices.length]!;
      const id = world.newId(cmd.entity);
      if (cmd.entity === 'directoryEntry') await localWrite(world, d, () => createRecord(d.db, 'directoryEntry', TERRITORY, cmd.fields, id));
      else await localWrite(world, d, () => createRecord(d.db, 'family', TERRITORY, cmd.fields, id));
      return;
    }
    case 'edit':
    case 'delete': {
      const d = world.devices[cmd.dev % world.devices.length]!;
      const ids = await localRecords(world, d, cmd.entity);
      const id = ids[cmd.pick % Math.max(ids.length, 1)];
      if (id === undefined) return;
      // Before each local edit: the local copy is a server version plus this device's unsent edits.
      await checkLocalCopy(world, d, cmd.entity, id);
      const entity = cmd.entity;
      if (cmd.t === 'delete') await localWrite(world, d, () => deleteRecord(d.db, entity, id));
      else await localWrite(world, d, () => updateRecord(d.db, entity, id, cmd.changes as Changes<Edited>));
      return;
    }
    case 'sync': {
      const d = world.devices[cmd.dev % world.devices.length]!;
      if (d.activity) {
        // A sync is already in flight on this device (held): the app would only ask for one more run.
        if (cmd.mode === 'full' && d.activity.viaClient) {
          d.plan = [...cmd.faults];
          void d.sync.syncNow();
        }
        return;
      }
      d.plan = [...cmd.faults];
      await world.sync(d, cmd.mode);
      return;
    }
    case 'release': {
      const held = world.devices.filter((d) => d.release);
      const d = held[cmd.pick % Math.max(held.length, 1)];
      if (d) await world.releaseHold(d);
      return;
    }
    case 'deliver':
      if (world.inNetwork.length > 0) await world.deliver(cmd.pick % world.inNetwork.length);
      return;
    case 'restart':
      await world.restart();
      return;
  }
}

/**
 * The network heals: held requests go on, late requests arrive, then every device runs a full
 * sync twice in round robin (the first round pushes every outbox, the second pulls what the
 * others pushed after this device's first pull).
 */
export async function settle(world: World): Promise<void> {
  for (const d of world.devices) d.plan = [];
  for (let guard = 0; world.devices.some((d) => d.release) && guard < 100; guard++) {
    for (const d of world.devices) await world.releaseHold(d);
  }
  while (world.inNetwork.length > 0) await world.deliver(0);
  for (let round = 0; round < 2; round++) {
    for (const d of world.devices) await world.sync(d, 'full');
  }
}
