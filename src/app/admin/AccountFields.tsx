import type { Role } from '../../domain/common';
import { t } from '../i18n';
import { useServices, useSession } from '../services';
import { useLiveQuery } from '../ui/use-live-query';

export const STAFF_ROLES: readonly Role[] = ['animator', 'bus_team', 'coordinator', 'admin'];

/** What an account may do and where: the part of the form shared by creating and editing one. */
export interface Access {
  role: Role;
  territoryIds: string[];
}

/** Territories the signed-in manager may grant, with their names from the device. */
function useGrantable(): Array<{ id: string; name: string }> {
  const { db } = useServices();
  const { session } = useSession();
  const territories = useLiveQuery(() => db.records('territory').toArray(), [db]) ?? [];
  return session.user.territoryIds.map((id) => ({ id, name: territories.find((x) => x.id === id)?.name ?? id }));
}

/** The role (admin only offered to an admin) and the territories, ids starting with `idPrefix`. */
export function AccessFields({ idPrefix, value, onChange }: { idPrefix: string; value: Access; onChange: (next: Access) => void }) {
  const { session } = useSession();
  const grantable = useGrantable();
  const roles = STAFF_ROLES.filter((r) => r !== 'admin' || session.user.role === 'admin');
  const { territoryIds } = value;
  return (
    <>
      <div class="field">
        <label for={`${idPrefix}-role`}>{t('admin.accounts.role')}</label>
        <select id={`${idPrefix}-role`} value={value.role} onChange={(e) => onChange({ ...value, role: e.currentTarget.value as Role })}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="field">
        <legend>{t('admin.accounts.territories')}</legend>
        {grantable.map((g) => (
          <label key={g.id} class="check" for={`${idPrefix}-territory-${g.id}`}>
            <input
              id={`${idPrefix}-territory-${g.id}`}
              type="checkbox"
              checked={territoryIds.includes(g.id)}
              onChange={(e) => onChange({ ...value, territoryIds: e.currentTarget.checked ? [...territoryIds, g.id] : territoryIds.filter((x) => x !== g.id) })}
            />
            {g.name}
          </label>
        ))}
      </fieldset>
    </>
  );
}

/** A new password, shown as typed and never filled in by the browser. */
export function PasswordField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (password: string) => void }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} type="text" value={value} onInput={(e) => onChange(e.currentTarget.value)} autocomplete="new-password" spellcheck={false} />
    </div>
  );
}
