/** Fields the staff intake form and a parent's request form both ask, worded by each. */
import { needKinds } from '../../domain/entities/family';
import type { RecordOf } from '../../domain/registry';
import { Field } from '../ui/Field';

export type Need = (typeof needKinds)[number];

export function NeedsField({ legend, label, needs, onChange }: { legend: string; label: (need: Need) => string; needs: readonly Need[]; onChange: (needs: Need[]) => void }) {
  const toggle = (n: Need) => onChange(needs.includes(n) ? needs.filter((x) => x !== n) : [...needs, n]);
  return (
    <fieldset class="field">
      <legend>{legend}</legend>
      {needKinds.map((n) => (
        <label key={n} class="check">
          <input type="checkbox" checked={needs.includes(n)} onChange={() => toggle(n)} /> {label(n)}
        </label>
      ))}
    </fieldset>
  );
}

export function CommuneField({ id, label, error, communes, value, onChange }: { id: string; label: string; error?: string | undefined; communes: readonly RecordOf<'commune'>[]; value: string; onChange: (code: string) => void }) {
  return (
    <Field id={id} label={label} error={error}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
          <option value="">—</option>
          {communes.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
