/**
 * The console: a small client-side router over /console/* paths. Every page is a function that
 * renders into the main element; links are real <a href> so the keyboard and the back button work.
 */
import { api, ApiError, currentSession, setSession, type SessionInfo } from './api.js';
import { h, clear } from './dom.js';
import { t } from './messages.js';
import { navigate, NAVIGATE_EVENT } from './navigate.js';
import { renderDialogs } from './pages/dialogs.js';
import { renderFunnel } from './pages/funnel.js';
import { renderLead } from './pages/lead.js';
import { renderLeads } from './pages/leads.js';
import { renderSignIn } from './pages/sign-in.js';
import { renderWebhooks } from './pages/webhooks.js';

const app = document.getElementById('app')!;

function nav(active: string): HTMLElement {
  const who = currentSession();
  const link = (href: string, label: string) => h('a', { href, 'aria-current': active === href ? 'page' : undefined }, label);
  return h(
    'header',
    { class: 'top' },
    h('strong', { class: 'brand' }, 'leadq'),
    h('nav', { 'aria-label': t('nav') }, link('/console/leads', t('leads')), link('/console/funnel', t('funnel')), link('/console/dialogs', t('dialogs')), who?.role === 'admin' ? link('/console/webhooks', t('webhooks')) : ''),
    h('span', { class: 'who' }, who ? `${who.name} (${who.role})` : ''),
    h('button', {
      type: 'button',
      id: 'sign-out',
      onclick: () => {
        void api.post('/console/api/sign-out').finally(() => {
          setSession(null);
          navigate('/console');
        });
      },
    }, t('signOut')),
  );
}

async function route(): Promise<void> {
  if (!currentSession()) {
    try {
      setSession(await api.get<SessionInfo>('/console/api/session'));
    } catch {
      setSession(null);
    }
  }
  if (!currentSession()) {
    renderSignIn(app, (who) => {
      setSession(who);
      navigate(location.pathname === '/console' || location.pathname === '/console/' ? '/console/leads' : location.pathname + location.search);
    });
    return;
  }
  const path = location.pathname.replace(/\/+$/, '');
  const body = h('div', { class: 'page' });
  const leadMatch = /^\/console\/leads\/([A-Za-z0-9_-]+)$/.exec(path);
  const active = leadMatch || path === '/console/leads' || path === '/console' ? '/console/leads' : path;
  clear(app, nav(active), body);
  try {
    if (leadMatch) await renderLead(body, leadMatch[1]!);
    else if (path === '/console/funnel') await renderFunnel(body);
    else if (path === '/console/dialogs') await renderDialogs(body);
    else if (path === '/console/webhooks') await renderWebhooks(body);
    else await renderLeads(body);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return route();
    clear(body, h('p', { class: 'error', role: 'alert' }, err instanceof Error ? err.message : String(err)));
  }
}

// Internal links navigate without a reload.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/console')) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void route());
window.addEventListener(NAVIGATE_EVENT, () => void route());
void route();
