/**
 * One lead as sales reads it: answers, why the score, website behaviour, stage history, notes,
 * the transcript from every channel, and the actions (SQL / reject, owner, note, export, erase).
 */
import { answerLabel } from '../../../../core/lead/answer-labels.js';
import type { Lead } from '../../../../core/lead/model.js';
import type { TranscriptEntry } from '../../../../core/ports/repository.js';
import { api, ApiError, currentSession } from '../api.js';
import { clear, fmtDate, h } from '../dom.js';
import { consoleLanguageInUse, t } from '../messages.js';
import { navigate } from '../navigate.js';

function answers(lead: Lead): [string, string][] {
  const language = consoleLanguageInUse();
  const budget = lead.budget ? `${lead.budget.amount}${lead.budget.max ? `–${lead.budget.max}` : ''} ${lead.budget.currency}${lead.budget.period && lead.budget.period !== 'once' ? ` / ${lead.budget.period}` : ''}` : '';
  const rows: [string, string | undefined][] = [
    [t('name'), lead.name],
    [t('email'), lead.email && `${lead.email}${lead.emailKind ? ` (${lead.emailKind})` : ''}`],
    [t('phone'), lead.phone && `${lead.phone}${lead.phoneVerified === false ? ` (${t('phoneUnverified')})` : ''}`],
    [t('company'), lead.company],
    [t('project'), lead.project && (lead.project.label ? `${lead.project.label} — “${lead.project.text}”` : lead.project.text)],
    [t('timeline'), lead.timeline && `${lead.timeline.text} (${answerLabel('timeline', lead.timeline.bucket, language)})`],
    [t('motivation'), lead.motivation && `${lead.motivation.text} (${answerLabel('motivation', lead.motivation.category, language)})`],
    [t('budget'), budget],
    [t('role'), lead.role && answerLabel('role', lead.role, language)],
    [t('country'), lead.segment?.country],
    [t('sector'), lead.segment?.sector && answerLabel('sector', lead.segment.sector, language)],
    [t('companySize'), lead.segment?.companySize],
    [t('channel'), lead.channel],
    [t('language'), lead.locale],
    [t('consent'), lead.consent && `${lead.consent.given ? t('consentGiven') : t('consentRefused')} ${fmtDate(lead.consent.at)}`],
    [t('owner'), lead.owner],
    [t('callBack'), lead.callback && `${lead.callback.label} (${lead.callback.timezone})`],
  ];
  return rows.filter((r): r is [string, string] => Boolean(r[1]));
}

const dl = (rows: [string, string][]) => h('dl', { class: 'answers' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

function section(title: string, ...content: (Node | string)[]): HTMLElement {
  return h('section', { class: 'card' }, h('h2', {}, title), ...content);
}

function actionForm(label: string, fields: HTMLElement[], submit: string, run: () => Promise<unknown>, message: HTMLElement): HTMLFormElement {
  const form = h('form', { class: 'action', 'aria-label': label }, ...fields, h('button', { type: 'submit' }, submit));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    message.textContent = '';
    run().catch((err: unknown) => {
      message.textContent = err instanceof ApiError ? err.message : String(err);
    });
  });
  return form;
}

export async function renderLead(root: HTMLElement, id: string): Promise<void> {
  const path = `/api/leads/${encodeURIComponent(id)}`;
  const [lead, transcript] = await Promise.all([api.get<Lead>(path), api.get<{ items: TranscriptEntry[] }>(`${path}/transcript`)]);
  const reload = () => renderLead(root, id);
  const message = h('p', { class: 'error', role: 'alert', id: 'action-message' });
  const admin = currentSession()?.role === 'admin';

  const reason = h('input', { id: 'reject-reason', name: 'reason', maxlength: 2000, placeholder: t('reasonPlaceholder') });
  const owner = h('input', { id: 'owner', name: 'owner', maxlength: 200, value: lead.owner ?? '' });
  const note = h('textarea', { id: 'note', name: 'note', maxlength: 5000, rows: 3 });
  const stageButtons = h(
    'div',
    { class: 'action' },
    h('button', { type: 'button', id: 'accept-sql', onclick: () => void api.post(`${path}/stage`, { stage: 'sql' }).then(reload, show) }, t('acceptSql')),
    h('label', { for: 'reject-reason', class: 'visually-hidden' }, t('rejectionReason')),
    reason,
    h('button', { type: 'button', id: 'reject', class: 'danger', onclick: () => void api.post(`${path}/stage`, { stage: 'rejected', reason: reason.value }).then(reload, show) }, t('reject')),
  );
  function show(err: unknown): void {
    message.textContent = err instanceof ApiError ? err.message : String(err);
  }

  const breakdown = h(
    'table',
    { class: 'breakdown' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('points')), h('th', { scope: 'col' }, t('why')))),
    h('tbody', {}, lead.scoreBreakdown.map((line) => h('tr', {}, h('td', { class: 'num' }, `${line.points >= 0 ? '+' : ''}${line.points}`), h('td', {}, line.reason.replace(/\s*\([+-]?\d+\)$/, ''))))),
    h('tfoot', {}, h('tr', {}, h('td', { class: 'num' }, String(lead.score)), h('td', {}, `${t('totalWord')} — ${lead.temperature}`))),
  );

  const b = lead.behaviour;
  const behaviour = b
    ? h('div', {}, dl([[t('visits'), String(b.visits)], [t('pageViews'), String(b.pageViews)], [t('timeOnSite'), `${Math.round(b.timeOnSiteSec / 60)} min`], [t('referrer'), b.referrer ?? ''], ['UTM', Object.entries(b.utm ?? {}).map(([k, v]) => `${k}=${v}`).join(' ')]].filter(([, v]) => v !== '') as [string, string][]),
        h('ul', { class: 'pages' }, (b.pages ?? []).map((p) => h('li', {}, `${fmtDate(p.at)} ${p.title ?? ''} ${p.url}${p.seconds ? ` (${p.seconds} s)` : ''}`))))
    : h('p', {}, t('neverSeen'));

  const byConversation = new Map<string, TranscriptEntry[]>();
  for (const entry of transcript.items) byConversation.set(entry.conversationId, [...(byConversation.get(entry.conversationId) ?? []), entry]);

  clear(
    root,
    h('p', {}, h('a', { href: '/console/leads' }, `← ${t('leads')}`)),
    h('h1', {}, lead.name || lead.email || lead._id, ' ', h('span', { class: `stage stage-${lead.stage}` }, lead.stage), ' ', h('span', { class: `temp temp-${lead.temperature}`, id: 'lead-score' }, `${lead.score}/100`)),
    message,
    h(
      'div',
      { class: 'grid' },
      section(t('answers'), dl(answers(lead))),
      section(t('whyScore'), breakdown),
      section(t('actions'),
        stageButtons,
        actionForm(t('assignOwner'), [h('label', { for: 'owner' }, t('owner')), owner], t('assign'), () => api.put(`${path}/owner`, { owner: owner.value.trim() === '' ? null : owner.value }).then(reload), message),
        actionForm(t('addNote'), [h('label', { for: 'note' }, t('note')), note], t('addNote'), () => api.post(`${path}/notes`, { text: note.value }).then(reload), message),
        admin ? h('div', { class: 'action' },
          h('a', { href: `${path}/export`, download: `lead-${lead._id}.json`, class: 'button secondary', id: 'export' }, t('exportData')),
          h('button', { type: 'button', class: 'danger', id: 'erase', onclick: () => {
            if (!window.confirm(t('eraseConfirm'))) return;
            api.del(path).then(() => navigate('/console/leads'), show);
          } }, t('erase'))) : '',
      ),
      section(t('behaviour'), behaviour),
      section(t('stageHistory'), h('ol', { class: 'history' }, lead.history.map((e) => h('li', {}, `${fmtDate(e.at)} → ${e.event ?? e.stage}${e.by ? ` ${t('byWhom')} ${e.by}` : ''}${e.reason ? `: ${e.reason}` : ''}`)))),
      section(t('notes'), lead.notes?.length ? h('ul', { class: 'notes' }, lead.notes.map((n) => h('li', {}, h('small', {}, `${fmtDate(n.at)} ${n.by}`), h('p', {}, n.text)))) : h('p', {}, t('noNotes'))),
    ),
    section(
      t('transcript'),
      byConversation.size === 0 ? h('p', {}, t('noConversation')) : '',
      ...[...byConversation.entries()].map(([conversationId, entries]) =>
        h('div', { class: 'conversation' },
          h('h3', {}, `${entries.find((e) => e.visitorId)?.visitorId?.split(':')[0] ?? t('conversation')} · ${fmtDate(entries[0]?.at)}`),
          h('ol', { class: 'transcript', 'data-conversation': conversationId }, entries.map((e) => h('li', { class: `from-${e.from}` }, h('span', { class: 'who' }, e.from === 'bot' ? t('bot') : e.from === 'agent' ? (e.author?.name ?? t('sales')) : t('visitor')), h('span', { class: 'text' }, e.text))))),
      ),
    ),
  );
}
