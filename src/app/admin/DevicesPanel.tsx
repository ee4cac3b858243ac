import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, t } from '../i18n';
import { useServices } from '../services';
import { listDevices, revokeDevice, type Account, type Device } from './admin-api';
import { describeAdminError } from './errors';

/** The devices signed in to one account; revoking one makes its next request answer `session_revoked`. */
export function DevicesPanel({ account, online }: { account: Account; online: boolean }) {
  const { api } = useServices();
  const [devices, setDevices] = useState<Device[]>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();

  async function reload() {
    try {
      setDevices(await listDevices(api, account.id));
    } catch (e) {
      setNotice({ ok: false, text: describeAdminError(e) });
    }
  }
  useEffect(() => {
    if (online) void reload();
  }, [account.id, online]);

  async function revoke(d: Device) {
    try {
      await revokeDevice(api, account.id, d.id);
      setNotice({ ok: true, text: t('admin.devices.revoked', { name: d.name ?? t('admin.devices.unnamed') }) });
      await reload();
    } catch (e) {
      setNotice({ ok: false, text: describeAdminError(e) });
    }
  }

  return (
    <div>
      <p class="muted">{t('admin.devices.explain')}</p>
      {notice ? (
        <p class={notice.ok ? 'card card--success' : 'form-error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      ) : null}
      {devices === undefined ? null : devices.length === 0 ? (
        <p>{t('admin.devices.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="devices">
            <caption class="sr-only">{t('admin.devices.title', { name: account.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.devices.name')}</th>
                <th scope="col">{t('admin.devices.created')}</th>
                <th scope="col">{t('admin.devices.lastSeen')}</th>
                <th scope="col">{t('admin.devices.state')}</th>
                <th scope="col">{t('admin.accounts.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.name ?? t('admin.devices.unnamed')}</th>
                  <td>{formatDateTime(d.createdAt)}</td>
                  <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt) : '—'}</td>
                  <td>{t(`admin.devices.status.${d.status}`)}</td>
                  <td>
                    {d.status === 'active' ? (
                      <button
                        type="button"
                        class="btn btn--small btn--danger"
                        disabled={!online}
                        aria-label={t('admin.devices.revokeOf', { name: d.name ?? t('admin.devices.unnamed'), date: formatDateTime(d.createdAt) })}
                        onClick={() => void revoke(d)}
                      >
                        {t('admin.devices.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
