import type { RecordOf } from '../../domain/registry';

export function ContactExtras(_: { entry: RecordOf<'directoryEntry'>; communeName: string }) {
  return null;
}
