/**
 * The funnel for a period: the numbers come from GET /api/funnel as they are, so the page can
 * never disagree with the API.
 */
import type { FunnelReport, FunnelRow } from '../../../../bot/reports/funnel.js';
import { api } from '../api.js';
import { barChart } from '../chart.js';
import { clear, h, pct } from '../dom.js';
import { t, type MessageKey } from '../messages.js';
import { navigate } from '../navigate.js';

const GROUPS: [string, MessageKey][] = [['day', 'groupDay'], ['week', 'groupWeek'], ['channel', 'groupChannel'], ['country', 'groupCountry'], ['sector', 'groupSector'], ['companySize', 'groupCompanySize'], ['utmSource', 'groupUtmSource'], ['landingPage', 'groupLandingPage'], ['scriptVersion', 'groupScriptVersion']];
const DAY_MS = 86_400_000;

const day = (d: Date) => d.toISOString().slice(0, 10);

function duration(sec: number | null): string {
  if (sec === null) return '—';
  if (sec < 120) return `${Math.round(sec)} s`;
  if (sec < 7200) return `${Math.round(sec / 60)} min`;
  if (sec < 172_800) return `${Math.round(sec / 3600)} h`;
  return `${Math.round(sec / 86_400)} ${t('days')}`;
}

function countRow(label: string, row: Pick<FunnelRow, 'conversations' | 'mcl' | 'mql' | 'sql' | 'rates'>, attrs: Record<string, string> = {}): HTMLElement {
  return h('tr', attrs,
    h('th', { scope: 'row' }, label),
    h('td', { class: 'num', 'data-count': 'conversations' }, String(row.conversations)),
    h('td', { class: 'num', 'data-count': 'mcl' }, String(row.mcl)),
    h('td', { class: 'num', 'data-count': 'mql' }, String(row.mql)),
    h('td', { class: 'num', 'data-count': 'sql' }, String(row.sql)),
    h('td', { class: 'num' }, pct(row.rates.conversationToMcl)),
    h('td', { class: 'num' }, pct(row.rates.mclToMql)),
    h('td', { class: 'num' }, pct(row.rates.mqlToSql)));
}

export async function renderFunnel(root: HTMLElement): Promise<void> {
  const params = new URLSearchParams(location.search);
  const to = params.get('to') ?? day(new Date());
  const from = params.get('from') ?? day(new Date(Date.parse(to) - 29 * DAY_MS));
  const groupBy = params.get('groupBy') ?? 'day';
  const form = h('form', { class: 'filters', 'aria-label': t('funnelPeriod') },
    h('div', { class: 'field' }, h('label', { for: 'funnel-from' }, t('from')), h('input', { id: 'funnel-from', name: 'from', type: 'date', value: from })),
    h('div', { class: 'field' }, h('label', { for: 'funnel-to' }, t('to')), h('input', { id: 'funnel-to', name: 'to', type: 'date', value: to })),
    h('div', { class: 'field' }, h('label', { for: 'funnel-group' }, t('by')), h('select', { id: 'funnel-group', name: 'groupBy' }, GROUPS.map(([v, l]) => h('option', { value: v, selected: v === groupBy }, t(l))))),
    h('div', { class: 'field actions' }, h('button', { type: 'submit' }, t('show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string' && v !== '') next.set(k, v);
    navigate(`/console/funnel?${next}`);
  });
  const status = h('p', { class: 'status', role: 'status' }, t('loading'));
  clear(root, h('h1', {}, t('funnel')), form, status);

  const query = new URLSearchParams({ from, to, groupBy });
  const report = await api.get<FunnelReport>(`/api/funnel?${query}`);
  const totals = report.totals;
  clear(status, `${from} → ${to}`);
  const kpi = (label: string, value: string, id: string) => h('div', { class: 'kpi' }, h('span', { class: 'kpi-value', id }, value), h('span', { class: 'kpi-label' }, label));
  const chartBox = h('div', { class: 'chart', id: 'funnel-chart' });
  const scoreBox = h('div', { class: 'chart', id: 'score-chart' });
  const groups = report.groups ?? [];
  root.append(
    h('div', { class: 'kpis' },
      kpi(t('conversations'), String(totals.conversations), 'kpi-conversations'),
      kpi(`MCL · ${pct(report.rates.conversationToMcl)}`, String(totals.mcl), 'kpi-mcl'),
      kpi(`MQL · ${pct(report.rates.mclToMql)}`, String(totals.mql), 'kpi-mql'),
      kpi(`SQL · ${pct(report.rates.mqlToSql)}`, String(totals.sql), 'kpi-sql'),
      kpi(t('medianTimeToQualify'), duration(report.medianTimeToQualifySec), 'kpi-ttq')),
    chartBox,
    h('div', { class: 'table-wrap' }, h('table', { class: 'funnel', id: 'funnel-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(GROUPS.find(([v]) => v === groupBy)?.[1] ?? 'group')), ...[t('conversations'), 'MCL', 'MQL', 'SQL', 'Conv. → MCL', 'MCL → MQL', 'MQL → SQL'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, groups.map((g) => countRow(g.key, g))),
      h('tfoot', {}, countRow(t('total'), { ...totals, rates: report.rates }, { id: 'funnel-total' })))),
    h('h2', {}, t('scoreDistribution')),
    scoreBox,
  );
  const labels = groups.map((g) => g.key);
  barChart(chartBox, t('funnelChart'), labels, [
    { label: t('conversations'), values: groups.map((g) => g.conversations) },
    { label: 'MCL', values: groups.map((g) => g.mcl) },
    { label: 'MQL', values: groups.map((g) => g.mql) },
    { label: 'SQL', values: groups.map((g) => g.sql) },
  ]);
  barChart(scoreBox, t('leadsPerBand'), report.scoreDistribution.map((b) => b.band), [{ label: t('leadsWord'), values: report.scoreDistribution.map((b) => b.leads) }]);
}
