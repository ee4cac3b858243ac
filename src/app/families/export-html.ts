/**
 * The readable copy of a family's data: a standalone HTML page made on the device, which the
 * family can open and print (or save as PDF from the print dialog). Every value is escaped:
 * what a person typed is shown as text, never as markup.
 */
import type { FamilyExport } from '../../domain/families/export';
import { familyLabel } from '../../domain/families/search';
import { formatDate, formatDateTime, t } from '../i18n';
import { orientationLabel, questionLabel } from './labels';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** A line of text, isolated so a right-to-left override typed in it cannot reorder the page. */
const text = (s: string) => `<bdi>${escapeHtml(s)}</bdi>`;

function section(title: string, items: string[]): string {
  const body = items.length === 0 ? `<p>${escapeHtml(t('family.noneYet'))}</p>` : `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`;
  return `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

export function familyExportHtml(data: FamilyExport): string {
  const f = data.family;
  const title = t('rgpd.exportTitle', { name: familyLabel(f) ?? t('family.noName') });
  const parts = [
    section(
      t('family.guardians'),
      f.guardians.map((g) => [g.firstName, g.lastName, g.phone, g.email, g.languages?.join(', ')].filter(Boolean).map((x) => text(x!)).join(' · ')),
    ),
    section(
      t('family.children'),
      f.children.map((c) => [c.firstName ? text(c.firstName) : '', c.birthDate ? escapeHtml(t('family.born', { date: formatDate(c.birthDate) })) : '', c.expectedDate ? escapeHtml(t('family.expected', { date: formatDate(c.expectedDate) })) : ''].filter(Boolean).join(' · ')),
    ),
    section(t('family.needs'), f.needs.map((n) => escapeHtml(t(`need.${n}`)))),
    section(t('family.notes'), f.notes ? [`<p class="pre">${text(f.notes)}</p>`] : []),
    section(t('family.documents'), (f.documents ?? []).map((d) => `${text(d.label)} · ${escapeHtml(t(d.status === 'received' ? 'family.doc.received' : 'family.doc.missing'))}`)),
    section(
      t('family.contacts'),
      data.contacts.map((c) => [escapeHtml(formatDateTime(c.loggedAt)), ...c.contacts.flatMap((x) => [x.questionType ? text(questionLabel(x.questionType)) : '', x.orientation ? text(t('family.orientedTo', { to: orientationLabel(x.orientation) })) : ''])].filter(Boolean).join(' · ')),
    ),
    section(
      t('support.title'),
      data.supportNotes.map((n) => `${escapeHtml(formatDate(n.date))} · ${escapeHtml(t('support.minutes', { minutes: n.durationMinutes }))}<p class="pre">${text(n.note)}</p>${n.orientations?.length ? text(t('family.orientedTo', { to: n.orientations.map(orientationLabel).join(', ') })) : ''}`),
    ),
    section(t('family.proposals'), (f.childcareProposals ?? []).map((p) => `${text(p.entryName)} · ${escapeHtml(formatDate(p.startDate))} · ${escapeHtml(t(`family.proposal.${p.status}`))}`)),
    section(t('family.appointments'), data.appointments.map((a) => `${escapeHtml(formatDateTime(a.start, a.timeZone))} · ${escapeHtml(t(`family.appointment.${a.kind}`))} · ${escapeHtml(t(`family.appointmentStatus.${a.status}`))}`)),
    section(t('family.requests'), data.intakeRequests.map((r) => `${escapeHtml(r.receiptCode)} · ${escapeHtml(t(`status.${r.status}`))} · ${escapeHtml(formatDateTime(r.consent.givenAt))}${r.message ? `<p class="pre">${text(r.message)}</p>` : ''}`)),
    section(t('family.bus'), data.busEnrollments.map((e) => escapeHtml(t('family.busPeriod', { from: formatDate(e.from), to: formatDate(e.to), hours: e.hoursPerMonth })))),
  ];
  const consent = f.consent ? `<p>${escapeHtml(t('family.consent', { date: formatDateTime(f.consent.givenAt), version: f.consent.textVersion }))}</p>` : '';
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#111}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:1.5rem;border-bottom:1px solid #999}.pre{white-space:pre-wrap}@media print{body{margin:0}}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(t('rgpd.exportedOn', { date: formatDateTime(data.exportedAt) }))}</p>
${consent}
${parts.join('\n')}
<p>${escapeHtml(t('rgpd.exportFooter'))}</p>
</body></html>
`;
}
