/**
 * Widget entry point. Embed:
 *   <script src="https://bot.example.com/widget.js" data-locale="fr" async></script>
 * Options come from data attributes (data-locale, data-mode, data-target, data-bot-name,
 * data-avatar, data-theme-color, data-position, data-proactive="false", data-manual) or from
 * `window.LeadQualifier.init({...})`. Calls queued by the page's stub (`LeadQualifier.q`) are replayed.
 */
import type { PublicWidgetConfig } from '../protocol.js';
import { BehaviourReporter } from './behaviour.js';
import { Connection } from './connection.js';
import { preferredLocale, stringsFor } from './i18n.js';
import { Session } from './session.js';
import { scheduleTriggers } from './triggers.js';
import { ChatView } from './view.js';

export interface InitOptions {
  /** Base URL of the bot server; defaults to where widget.js was loaded from. */
  server?: string;
  locale?: string;
  mode?: 'bubble' | 'inline';
  /** Inline mode: element or CSS selector to render into. */
  target?: string | HTMLElement;
  botName?: string;
  avatarUrl?: string;
  themeColor?: string;
  position?: 'bottom-right' | 'bottom-left';
  /** false: never open by itself (proactive triggers off). */
  proactive?: boolean;
}

type Call = [string, ...unknown[]];
interface Stub {
  q?: Call[];
}

const DEFAULT_CONFIG: PublicWidgetConfig = {
  botName: 'Assistant',
  themeColor: '#4f46e5',
  position: 'bottom-right',
  defaultLocale: 'fr',
  triggers: [],
  excludePaths: [],
  visitTimeoutMinutes: 30,
};

const script = document.currentScript as HTMLScriptElement | null;
let instance: { destroy(): void; open(): void; close(): void } | undefined;
let reporter: BehaviourReporter | undefined;
const earlyTracks: [string, Record<string, unknown> | undefined][] = [];

function optionsFromScript(): InitOptions {
  const data = script?.dataset ?? {};
  const options: InitOptions = {};
  if (data.server) options.server = data.server;
  if (data.locale) options.locale = data.locale;
  if (data.mode === 'inline' || data.mode === 'bubble') options.mode = data.mode;
  if (data.target) options.target = data.target;
  if (data.botName) options.botName = data.botName;
  if (data.avatar) options.avatarUrl = data.avatar;
  if (data.themeColor) options.themeColor = data.themeColor;
  if (data.position === 'bottom-left' || data.position === 'bottom-right') options.position = data.position;
  if (data.proactive === 'false') options.proactive = false;
  return options;
}

/** The server's widget settings; `refused` when this site's origin is not in its allowedOrigins. */
async function fetchConfig(server: string): Promise<{ config: PublicWidgetConfig; refused: boolean }> {
  try {
    const response = await fetch(`${server}/api/web/config`);
    if (response.ok) return { config: { ...DEFAULT_CONFIG, ...((await response.json()) as Partial<PublicWidgetConfig>) }, refused: false };
    if (response.status === 403) return { config: DEFAULT_CONFIG, refused: true };
  } catch {
    // Offline or blocked: the chat still works with defaults and no triggers.
  }
  return { config: DEFAULT_CONFIG, refused: false };
}

async function init(given: InitOptions = {}): Promise<void> {
  instance?.destroy();
  const options = { ...optionsFromScript(), ...given };
  const server = (options.server ?? (script?.src ? new URL(script.src).origin : location.origin)).replace(/\/$/, '');
  const { config, refused } = await fetchConfig(server);
  // An explicit data-locale wins, then the visitor's browser languages, then the page's, then the server default.
  const locale = (options.locale ?? preferredLocale(navigator.languages ?? [navigator.language]) ?? (document.documentElement.lang || config.defaultLocale)).slice(0, 2).toLowerCase();
  const strings = stringsFor(locale);
  const target = typeof options.target === 'string' ? document.querySelector<HTMLElement>(options.target) ?? undefined : options.target;
  // Inline mode needs an element to fill; without one the chat falls back to the bubble.
  const mode = options.mode === 'inline' && target ? 'inline' : 'bubble';
  const viewOptions = {
    mode,
    target,
    botName: options.botName ?? config.botName,
    avatarUrl: options.avatarUrl ?? config.avatarUrl,
    themeColor: options.themeColor ?? config.themeColor,
    position: options.position ?? config.position,
    strings,
  } as const;

  if (refused) {
    // The site owner sees why in the console; the visitor sees it in the panel, not an empty chat.
    console.warn(`leadq: ${location.origin} is not allowed by the chat server; add it to allowedOrigins in config/widget.yaml or to WIDGET_ALLOWED_ORIGINS`);
    const view = new ChatView(viewOptions, { submit: () => undefined, opened: () => undefined, closed: () => undefined });
    view.showRefused();
    instance = { open: () => view.open(), close: () => view.close(), destroy: () => view.destroy() };
    return;
  }

  const session = new Session(new URL(server).origin, config.visitTimeoutMinutes);
  const visit = session.update((s) => {
    s.visit.pages.push(location.pathname);
    s.visit.lastSeenAt = Date.now();
  }).visit;
  if (!reporter) {
    reporter = new BehaviourReporter(`${server}/api/web/behaviour`, session);
    reporter.start();
    for (const [name, props] of earlyTracks.splice(0)) reporter.track(name, props);
  }

  const view: ChatView = new ChatView(
    viewOptions,
    {
      submit: (text) => {
        const item = connection.send(text);
        view.showPending(item.clientMessageId, text, !navigator.onLine);
      },
      opened: () => {
        session.update((s) => {
          s.open = true;
        });
        connection.start();
      },
      closed: () =>
        session.update((s) => {
          s.open = false;
          // A visitor who closed the chat is not interrupted again this visit.
          s.visit.proactiveDone = true;
        }),
    },
  );
  const connection: Connection = new Connection(server, session, locale, {
    message: (message) => view.showMessage(message),
    typing: (on) => view.typing(on),
    notice: (text) => view.showNotice(text),
    sent: (item, seq) => view.markSent(item.clientMessageId, seq),
    failed: (item, reason) => view.markFailed(item.clientMessageId, reason),
    waiting: (item) => view.markWaiting(item.clientMessageId),
  });

  for (const item of connection.pending()) view.showPending(item.clientMessageId, item.text ?? '', !navigator.onLine);
  // Inline chats are always shown, so they start the conversation right away.
  if (mode === 'inline' || session.state.started) connection.start();
  if (mode === 'bubble' && session.state.open) view.open(false);

  const showNetwork = (): void => view.setOffline(!navigator.onLine);
  window.addEventListener('online', showNetwork);
  window.addEventListener('offline', showNetwork);
  showNetwork();

  const cancelTriggers =
    options.proactive === false || mode === 'inline' || visit.proactiveDone
      ? () => undefined
      : scheduleTriggers(config, location.pathname, visit, (triggerId) => {
          if (view.isOpen || session.state.visit.proactiveDone) return;
          session.update((s) => {
            s.visit.proactiveDone = true;
          });
          // One opener per visit: the visit id is the idempotency key on the server.
          connection.start(triggerId, `t-${visit.id}`);
          view.open(false);
        });

  instance = {
    open: () => view.open(),
    close: () => view.close(),
    destroy: () => {
      cancelTriggers();
      window.removeEventListener('online', showNetwork);
      window.removeEventListener('offline', showNetwork);
      connection.close();
      view.destroy();
    },
  };
}

function track(name: string, props?: Record<string, unknown>): void {
  if (reporter) reporter.track(name, props);
  else earlyTracks.push([name, props]);
}

const queued = ((window as unknown as { LeadQualifier?: Stub }).LeadQualifier?.q ?? []).slice();
const api = {
  init: (options?: InitOptions) => void init(options),
  track,
  open: () => instance?.open(),
  close: () => instance?.close(),
};
(window as unknown as { LeadQualifier: typeof api }).LeadQualifier = api;

const initCall = queued.find((call) => call[0] === 'init');
if (initCall) void init(initCall[1] as InitOptions);
else if (script?.dataset.manual === undefined) void init();
for (const call of queued) if (call[0] === 'track') track(call[1] as string, call[2] as Record<string, unknown>);
