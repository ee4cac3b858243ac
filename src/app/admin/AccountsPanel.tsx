import { useEffect, useState } from 'preact/hooks';
import type { Role } from '../../domain/common';
import { updateRecord } from '../db/repository';
import { formatDateTime, t } from '../i18n';
import { useServices, useSession } from '../services';
import { FormEnd } from '../ui/FormEnd';
import { AccessFields, PasswordField, STAFF_ROLES, type Access } from './AccountFields';
import { createAccount, listAccounts, resetPassword, setAccountActive, type Account } from './admin-api';
import { DevicesPanel } from './DevicesPanel';
import { describeAdminError } from './errors';

const MIN_PASSWORD = 12;

type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

/** The staff accounts of the manager's territories: create, change role and territories, password, (de)activate, devices. */
export function AccountsPanel({ online }: { online: boolean }) {
  const { api } = useServices();
  const { session } = useSession();
  const [accounts, setAccounts] = useState<Account[]>();
  const [notice, setNotice] = useState<Notice>();
  const [open, setOpen] = useState<{ id: string; what: 'edit' | 'password' | 'devices' }>();

  async function reload() {
    try {
      setAccounts(await listAccounts(api));
    } catch (e) {
      setNotice({ kind: 'error', text: describeAdminError(e) });
    }
  }
  useEffect(() => {
    if (online) void reload();
  }, [online]);

  async function act(run: () => Promise<void>, done: string) {
    setNotice(undefined);
    try {
      await run();
      setNotice({ kind: 'ok', text: done });
      await reload();
    } catch (e) {
      setNotice({ kind: 'error', text: describeAdminError(e) });
    }
  }

  return (
    <section aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('admin.accounts.title')}</h2>
      {notice ? (
        <p class={notice.kind === 'ok' ? 'card card--success' : 'form-error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
          {notice.text}
        </p>
      ) : null}
      <NewAccountForm disabled={!online} onCreate={(a) => act(() => createAccount(api, a), t('admin.accounts.created', { name: a.name }))} />
      {accounts === undefined ? (
        online ? <p class="muted">{t('admin.loading')}</p> : null
      ) : (
        <ul class="cards cards--wide" data-testid="accounts" aria-label={t('admin.accounts.caption')}>
          {accounts.map((a) => (
            <li key={a.id} class="card">
              <h3 class="entry__name">{a.name}</h3>
              <p class="muted">{a.email}</p>
              <dl class="conflict">
                <dt>{t('admin.accounts.role')}</dt>
                <dd>{STAFF_ROLES.includes(a.role as Role) || a.role === 'parent' ? t(`role.${a.role as Role}`) : a.role}</dd>
                <dt>{t('admin.accounts.state')}</dt>
                <dd>{a.active ? (a.hasPassword ? t('admin.accounts.active') : t('admin.accounts.noPassword')) : t('admin.accounts.inactive')}</dd>
                <dt>{t('admin.accounts.devices')}</dt>
                <dd>{a.activeDevices}</dd>
                <dt>{t('admin.accounts.lastSeen')}</dt>
                <dd>{a.lastSeenAt ? formatDateTime(a.lastSeenAt) : '—'}</dd>
              </dl>
              {a.manageable ? (
                <div class="form__actions">
                  <button type="button" class="btn btn--small" aria-label={t('admin.accounts.editOf', { name: a.name })} onClick={() => setOpen({ id: a.id, what: 'edit' })}>
                    {t('admin.accounts.edit')}
                  </button>
                  <button type="button" class="btn btn--small" aria-label={t('admin.accounts.passwordOf', { name: a.name })} onClick={() => setOpen({ id: a.id, what: 'password' })}>
                    {t('admin.accounts.password')}
                  </button>
                  <button type="button" class="btn btn--small" aria-label={t('admin.accounts.devicesOf', { name: a.name })} onClick={() => setOpen({ id: a.id, what: 'devices' })}>
                    {t('admin.accounts.showDevices')}
                  </button>
                  {a.id === session.user.id ? null : (
                    <button
                      type="button"
                      class={a.active ? 'btn btn--small btn--danger' : 'btn btn--small'}
                      disabled={!online}
                      aria-label={t(a.active ? 'admin.accounts.deactivateOf' : 'admin.accounts.reactivateOf', { name: a.name })}
                      onClick={() => void act(() => setAccountActive(api, a.id, !a.active), t(a.active ? 'admin.accounts.deactivated' : 'admin.accounts.reactivated', { name: a.name }))}
                    >
                      {t(a.active ? 'admin.accounts.deactivate' : 'admin.accounts.reactivate')}
                    </button>
                  )}
                </div>
              ) : (
                <p class="muted">{t('admin.accounts.notManageable')}</p>
              )}
              {open?.id === a.id ? <OpenPanel account={a} what={open.what} online={online} onClose={() => setOpen(undefined)} act={act} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function OpenPanel({
  account,
  what,
  online,
  onClose,
  act,
}: {
  account: Account;
  what: 'edit' | 'password' | 'devices';
  online: boolean;
  onClose: () => void;
  act: (run: () => Promise<void>, done: string) => Promise<void>;
}) {
  const { api } = useServices();
  return (
    <section class="card" aria-labelledby="account-panel-title">
      <h3 id="account-panel-title">{t(what === 'edit' ? 'admin.edit.title' : what === 'password' ? 'admin.password.title' : 'admin.devices.title', { name: account.name })}</h3>
      {what === 'edit' ? <EditAccountForm account={account} onDone={onClose} /> : null}
      {what === 'password' ? (
        <PasswordForm disabled={!online} onSubmit={(password) => act(() => resetPassword(api, account.id, password), t('admin.password.done', { name: account.name })).then(onClose)} />
      ) : null}
      {what === 'devices' ? <DevicesPanel account={account} online={online} /> : null}
      <div class="form__actions">
        <button type="button" class="btn" onClick={onClose}>
          {t('admin.close')}
        </button>
      </div>
    </section>
  );
}

function NewAccountForm({ disabled, onCreate }: { disabled: boolean; onCreate: (a: { name: string; email: string; role: Role; territoryIds: string[]; password: string }) => Promise<void> }) {
  const { territoryId } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [access, setAccess] = useState<Access>({ role: 'animator', territoryIds: [territoryId] });
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();

  async function submit(e: Event) {
    e.preventDefault();
    if (!name.trim() || !email.includes('@')) return setProblem(t('admin.accounts.nameEmailNeeded'));
    if (access.territoryIds.length === 0) return setProblem(t('admin.accounts.territoryNeeded'));
    if (password.trim().length < MIN_PASSWORD) return setProblem(t('admin.password.tooShort', { min: MIN_PASSWORD }));
    setProblem(undefined);
    await onCreate({ name: name.trim(), email: email.trim(), ...access, password });
    setName('');
    setEmail('');
    setPassword('');
  }

  return (
    <details class="card">
      <summary>{t('admin.accounts.new')}</summary>
      <form class="form" onSubmit={(e) => void submit(e)} noValidate>
        <div class="field">
          <label for="new-name">{t('admin.accounts.name')}</label>
          <input id="new-name" value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="off" />
        </div>
        <div class="field">
          <label for="new-email">{t('admin.accounts.email')}</label>
          <input id="new-email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} autocomplete="off" />
        </div>
        <AccessFields idPrefix="new" value={access} onChange={setAccess} />
        <PasswordField id="new-password" label={t('admin.accounts.firstPassword', { min: MIN_PASSWORD })} value={password} onChange={setPassword} />
        <FormEnd error={problem}>
          <button type="submit" class="btn btn--primary" disabled={disabled}>
            {t('admin.accounts.create')}
          </button>
        </FormEnd>
      </form>
    </details>
  );
}

/** Role and territories are fields of the synced staff record: written on the device, sent by sync. */
function EditAccountForm({ account, onDone }: { account: Account; onDone: () => void }) {
  const { db } = useServices();
  const [access, setAccess] = useState<Access>({ role: account.role as Role, territoryIds: account.territoryIds });
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (access.territoryIds.length === 0) return setProblem(t('admin.accounts.territoryNeeded'));
    if (!(await db.records('staffUser').get(account.id))) return setProblem(t('admin.edit.notOnDevice'));
    try {
      await updateRecord(db, 'staffUser', account.id, access);
      setProblem(undefined);
      setSaved(true);
    } catch (err) {
      setProblem(describeAdminError(err));
    }
  }

  return (
    <form class="form" onSubmit={(e) => void submit(e)} noValidate>
      <AccessFields idPrefix="edit" value={access} onChange={setAccess} />
      <FormEnd error={problem} done={saved ? t('admin.edit.saved') : undefined}>
        <button type="submit" class="btn btn--primary">
          {t('admin.edit.save')}
        </button>
        {saved ? (
          <button type="button" class="btn" onClick={onDone}>
            {t('admin.close')}
          </button>
        ) : null}
      </FormEnd>
    </form>
  );
}

function PasswordForm({ disabled, onSubmit }: { disabled: boolean; onSubmit: (password: string) => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <form
      class="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (password.trim().length < MIN_PASSWORD) return setProblem(t('admin.password.tooShort', { min: MIN_PASSWORD }));
        setProblem(undefined);
        void onSubmit(password);
      }}
    >
      <PasswordField id="reset-password" label={t('admin.password.label', { min: MIN_PASSWORD })} value={password} onChange={setPassword} />
      <FormEnd error={problem}>
        <button type="submit" class="btn btn--primary" disabled={disabled}>
          {t('admin.password.submit')}
        </button>
      </FormEnd>
    </form>
  );
}
