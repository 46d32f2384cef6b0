/**
 * Leads: filters kept in the page URL (so a filtered view can be shared and the CSV export gets
 * the same filter), sortable columns, paging.
 */
import type { Lead } from '../../../../core/lead/model.js';
import { api } from '../api.js';
import { clear, fmtDate, h } from '../dom.js';
import { navigate } from '../navigate.js';

const PAGE_SIZE = 50;
const FILTERS = ['q', 'stage', 'temperature', 'minScore', 'maxScore', 'channel', 'country', 'sector', 'companySize', 'from', 'to'] as const;

function select(name: string, label: string, options: string[], value: string | null): HTMLElement {
  const id = `f-${name}`;
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('select', { id, name }, h('option', { value: '' }, 'any'), options.map((o) => h('option', { value: o, selected: o === value }, o))));
}

function input(name: string, label: string, value: string | null, attrs: Record<string, string | number> = {}): HTMLElement {
  const id = `f-${name}`;
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('input', { id, name, value: value ?? '', ...attrs }));
}

export async function renderLeads(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const get = (k: string) => params.get(k);
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter leads' },
    input('q', 'Search (name, e-mail, company)', get('q'), { type: 'search', maxlength: 200 }),
    select('stage', 'Stage', ['visitor', 'mcl', 'mql', 'sql', 'rejected'], get('stage')),
    select('temperature', 'Temperature', ['hot', 'warm', 'cold'], get('temperature')),
    input('minScore', 'Score from', get('minScore'), { type: 'number', min: 0, max: 100 }),
    input('maxScore', 'Score to', get('maxScore'), { type: 'number', min: 0, max: 100 }),
    input('channel', 'Channel', get('channel'), { maxlength: 100 }),
    input('country', 'Country', get('country'), { maxlength: 2 }),
    input('sector', 'Sector', get('sector'), { maxlength: 100 }),
    input('companySize', 'Company size', get('companySize'), { maxlength: 20 }),
    input('from', 'Created from', get('from'), { type: 'date' }),
    input('to', 'Created to', get('to'), { type: 'date' }),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, 'Filter'), h('a', { href: '/console/leads', class: 'button secondary' }, 'Reset')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') next.set(key, value.trim());
    for (const key of ['sort', 'order']) if (params.get(key)) next.set(key, params.get(key)!);
    navigate(`/console/leads?${next}`);
  });

  const query = new URLSearchParams();
  for (const key of FILTERS) if (get(key)) query.set(key, get(key)!);
  for (const key of ['sort', 'order']) if (get(key)) query.set(key, get(key)!);
  const page = Math.max(0, Number(get('page') ?? 0) || 0);
  const listQuery = new URLSearchParams(query);
  listQuery.set('limit', String(PAGE_SIZE));
  listQuery.set('skip', String(page * PAGE_SIZE));
  const status = h('p', { class: 'status', role: 'status' }, 'Loading…');
  const table = h('div', { class: 'table-wrap' });
  clear(root, h('h1', {}, 'Leads'), form, status, table);

  const result = await api.get<{ items: Lead[]; total: number }>(`/api/leads?${listQuery}`);
  const sort = get('sort') ?? 'updatedAt';
  const order = get('order') ?? 'desc';
  const sortLink = (field: string, label: string) => {
    const next = new URLSearchParams(query);
    next.set('sort', field);
    next.set('order', sort === field && order === 'desc' ? 'asc' : 'desc');
    const mark = sort === field ? (order === 'desc' ? ' ▼' : ' ▲') : '';
    return h('th', { scope: 'col', 'aria-sort': sort === field ? (order === 'desc' ? 'descending' : 'ascending') : undefined }, h('a', { href: `/console/leads?${next}`, class: 'sort' }, label + mark));
  };
  const pageLink = (to: number, label: string) => {
    const next = new URLSearchParams(query);
    if (to > 0) next.set('page', String(to));
    return h('a', { href: `/console/leads?${next}`, class: 'button secondary' }, label);
  };
  const last = Math.max(0, Math.ceil(result.total / PAGE_SIZE) - 1);
  clear(
    status,
    `${result.total} lead${result.total === 1 ? '' : 's'}`,
    result.total > 0 ? ` · page ${page + 1} of ${last + 1} ` : ' ',
    page > 0 ? pageLink(page - 1, '← Previous') : '',
    page < last ? pageLink(page + 1, 'Next →') : '',
    h('a', { href: `/api/leads.csv?${query}`, download: 'leads.csv', class: 'button secondary', id: 'csv-export' }, 'Export CSV'),
  );
  clear(
    table,
    h(
      'table',
      { class: 'leads' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'E-mail'), h('th', { scope: 'col' }, 'Company'), h('th', { scope: 'col' }, 'Stage'), sortLink('score', 'Score'), h('th', { scope: 'col' }, 'Channel'), sortLink('createdAt', 'Created'), sortLink('updatedAt', 'Updated'))),
      h(
        'tbody',
        {},
        result.items.map((lead) =>
          h(
            'tr',
            { 'data-lead': lead._id },
            h('td', {}, h('a', { href: `/console/leads/${encodeURIComponent(lead._id)}` }, lead.name || lead.email || lead._id)),
            h('td', { class: 'email' }, lead.email ?? ''),
            h('td', {}, lead.company ?? ''),
            h('td', {}, h('span', { class: `stage stage-${lead.stage}` }, lead.stage)),
            h('td', { class: 'num' }, h('span', { class: `temp temp-${lead.temperature}` }, String(lead.score))),
            h('td', {}, lead.channel ?? ''),
            h('td', {}, fmtDate(lead.createdAt)),
            h('td', {}, fmtDate(lead.updatedAt)),
          ),
        ),
      ),
    ),
  );
}
