/**
 * The chat UI inside a shadow root: a bubble that opens a panel (or the panel inline in a page
 * element), the message log (role=log, aria-live polite), typing indicator, quick replies and an
 * input that adapts to the question asked. Text is only ever set with textContent.
 */
import type { Agent, Prompt, QuickReply, WidgetMessage } from '../protocol.js';
import type { Strings } from './i18n.js';
import { renderText } from './rich-text.js';
import { CSS } from './styles.js';

export interface ViewOptions {
  mode: 'bubble' | 'inline';
  /** Inline mode: the element the chat fills. */
  target?: HTMLElement;
  botName: string;
  avatarUrl?: string;
  themeColor: string;
  position: 'bottom-right' | 'bottom-left';
  strings: Strings;
}

export interface ViewHandlers {
  submit(text: string): void;
  opened(): void;
  closed(): void;
}

type Attrs = Record<string, string>;

export class ChatView {
  private readonly host: HTMLElement;
  private readonly root: HTMLElement;
  private readonly bubble: HTMLButtonElement | undefined;
  private readonly badge: HTMLElement;
  private readonly panel: HTMLElement;
  private readonly log: HTMLElement;
  private readonly typingEl: HTMLElement;
  private readonly replies: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly notice: HTMLElement;
  private readonly form: HTMLFormElement;
  private refused = false;
  private unread = 0;

  constructor(private readonly options: ViewOptions, private readonly handlers: ViewHandlers) {
    const s = options.strings;
    this.host = el('div', { 'data-leadq': '' });
    const shadow = this.host.attachShadow({ mode: 'open' });
    const style = el('style');
    style.textContent = CSS;
    this.root = el('div', { class: `lq${options.mode === 'inline' ? ' inline' : ''}`, 'data-position': options.position });
    this.root.style.setProperty('--c', options.themeColor);
    shadow.append(style, this.root);

    this.panel = el('section', { class: 'panel', id: 'lq-panel', role: options.mode === 'inline' ? 'region' : 'dialog', 'aria-label': s.dialog(options.botName) });
    const header = el('header');
    if (options.avatarUrl) header.append(el('img', { src: options.avatarUrl, alt: '' }));
    const title = el('h2');
    title.textContent = options.botName;
    header.append(title);
    if (options.mode === 'bubble') {
      const close = el('button', { type: 'button', class: 'close', 'aria-label': s.close });
      close.textContent = '×';
      close.addEventListener('click', () => this.close());
      header.append(close);
    }
    this.log = el('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': s.messages, tabindex: '0' });
    this.typingEl = el('div', { class: 'typing', role: 'status', 'aria-label': s.typing(options.botName), hidden: '' });
    this.typingEl.append(el('i'), el('i'), el('i'));
    this.replies = el('div', { class: 'replies', role: 'group', 'aria-label': s.suggestions });
    const form = (this.form = el('form', { novalidate: '' }));
    const label = el('label', { for: 'lq-input', class: 'sr' });
    label.textContent = s.input;
    this.input = el('input', { id: 'lq-input', type: 'text', autocomplete: 'off', placeholder: s.placeholder, maxlength: '2000', enterkeyhint: 'send' });
    const send = el('button', { type: 'submit', class: 'send', 'aria-label': s.send });
    send.textContent = '➤';
    form.append(label, this.input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (text === '') return;
      this.input.value = '';
      this.handlers.submit(text);
    });
    // Asking for a person is a message like any other: the server recognises the words.
    const person = el('button', { type: 'button', class: 'person' });
    person.textContent = s.askPerson;
    person.addEventListener('click', () => this.handlers.submit(s.askPerson));
    this.notice = el('p', { class: 'notice', role: 'status' });
    this.panel.append(header, this.log, this.typingEl, this.replies, form, person, this.notice);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.options.mode === 'bubble') {
        event.stopPropagation();
        this.close();
      }
    });

    this.badge = el('span', { class: 'badge', hidden: '' });
    if (options.mode === 'bubble') {
      this.bubble = el('button', { type: 'button', class: 'bubble', 'aria-label': s.open(options.botName), 'aria-expanded': 'false', 'aria-controls': 'lq-panel' });
      this.bubble.append(chatIcon(), this.badge);
      this.bubble.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
      this.panel.hidden = true;
      this.root.append(this.panel, this.bubble);
      document.body.append(this.host);
    } else {
      this.root.append(this.panel);
      (options.target ?? document.body).append(this.host);
    }
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  open(focus = true): void {
    if (this.isOpen) return;
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.bubble?.setAttribute('aria-expanded', 'true');
    this.unread = 0;
    this.badge.hidden = true;
    this.scrollToEnd();
    if (focus) this.input.focus();
    this.handlers.opened();
  }

  close(): void {
    if (!this.isOpen || this.options.mode === 'inline') return;
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.bubble?.setAttribute('aria-expanded', 'false');
    this.bubble?.focus();
    this.handlers.closed();
  }

  /** A message from the stream; a visitor message already shown as pending is confirmed instead. */
  showMessage(message: WidgetMessage): void {
    const existing = message.clientMessageId ? this.findPending(message.clientMessageId) : null;
    if (existing) {
      this.setState(existing, '');
      existing.dataset.seq = String(message.seq);
    } else if (!this.log.querySelector(`[data-seq="${message.seq}"]`)) {
      const node = this.bubbleFor(message.from, message.text, message.agent);
      node.dataset.seq = String(message.seq);
      if (message.clientMessageId) node.dataset.clientId = message.clientMessageId;
      this.insertInOrder(node, message.seq);
    }
    if (message.from === 'bot' || message.from === 'agent') {
      this.typing(false);
      if (this.notice.dataset.reason === 'server_notice') {
        this.notice.textContent = '';
        delete this.notice.dataset.reason;
      }
      this.setPrompt(message.prompt, message.quickReplies);
      if (!this.isOpen) this.showUnread();
    } else {
      this.setPrompt(undefined, undefined);
    }
    this.scrollToEnd();
  }

  /** A visitor message not yet acknowledged by the server. */
  showPending(clientMessageId: string, text: string, waiting: boolean): void {
    if (this.findPending(clientMessageId)) return;
    const node = this.bubbleFor('user', text);
    node.dataset.clientId = clientMessageId;
    this.setState(node, waiting ? this.options.strings.queued : this.options.strings.sending);
    this.log.append(node);
    this.setPrompt(undefined, undefined);
    this.scrollToEnd();
  }

  markSent(clientMessageId: string, seq: number | undefined): void {
    const node = this.findPending(clientMessageId);
    if (!node) return;
    this.setState(node, '');
    if (seq !== undefined) node.dataset.seq = String(seq);
  }

  markWaiting(clientMessageId: string): void {
    const node = this.findPending(clientMessageId);
    if (node && !node.dataset.seq) this.setState(node, this.options.strings.queued);
  }

  markFailed(clientMessageId: string, reason: string): void {
    const node = this.findPending(clientMessageId);
    if (!node) return;
    node.classList.add('failed');
    this.setState(node, `${this.options.strings.failed} : ${reason}`);
  }

  typing(on: boolean): void {
    this.typingEl.hidden = !on;
    if (on) this.scrollToEnd();
  }

  /** The server's word outside the conversation (a failed turn's apology), until the bot's next message. */
  showNotice(text: string): void {
    if (this.refused) return;
    this.notice.textContent = text;
    this.notice.dataset.reason = 'server_notice';
  }

  setOffline(offline: boolean): void {
    if (this.refused) return;
    this.notice.textContent = offline ? this.options.strings.offline : '';
  }

  /** The server does not allow this site yet: say so in the panel instead of opening an empty chat. */
  showRefused(): void {
    this.refused = true;
    this.notice.textContent = this.options.strings.notAllowed;
    this.notice.dataset.reason = 'origin_not_allowed';
    for (const control of this.form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = true;
  }

  destroy(): void {
    this.host.remove();
  }

  /** Input type, keyboard and autofill for the question asked; choices as buttons. */
  private setPrompt(prompt: Prompt | undefined, quickReplies: QuickReply[] | undefined): void {
    const { type, autocomplete, inputmode } = inputFor(prompt);
    this.input.type = type;
    this.input.autocomplete = autocomplete as AutoFill;
    this.input.inputMode = inputmode;
    this.input.placeholder = prompt?.kind === 'date' ? this.options.strings.datePlaceholder : this.options.strings.placeholder;
    this.input.dataset.slot = prompt?.slot ?? '';
    this.input.dataset.kind = prompt?.kind ?? 'text';
    this.replies.replaceChildren(
      ...(quickReplies ?? []).map((reply) => {
        const button = el('button', { type: 'button' });
        button.textContent = reply.title;
        button.addEventListener('click', () => {
          this.handlers.submit(reply.value);
          this.input.focus();
        });
        return button;
      }),
    );
  }

  private bubbleFor(from: WidgetMessage['from'], text: string, agent?: Agent): HTMLElement {
    const node = el('div', { class: `msg ${from}` });
    const body = el('p');
    body.append(renderText(text, document));
    if (from === 'agent') {
      // A sales rep: their face and name, so the visitor knows a person is answering.
      const who = el('span', { class: 'who' });
      if (agent?.avatarUrl && /^https?:\/\//i.test(agent.avatarUrl)) who.append(el('img', { src: agent.avatarUrl, alt: '', referrerpolicy: 'no-referrer' }));
      const name = el('strong');
      name.textContent = agent?.name ?? '';
      who.append(name);
      node.append(who, body);
      return node;
    }
    const who = el('span', { class: 'sr' });
    who.textContent = `${from === 'bot' ? this.options.botName : this.options.strings.you} : `;
    node.append(who, body);
    return node;
  }

  private insertInOrder(node: HTMLElement, seq: number): void {
    const later = Array.from(this.log.querySelectorAll<HTMLElement>('[data-seq]')).find((other) => Number(other.dataset.seq) > seq);
    this.log.insertBefore(node, later ?? this.firstUnsent() ?? null);
  }

  /** Pending visitor messages stay at the end, after everything the server has sequenced. */
  private firstUnsent(): HTMLElement | null {
    return this.log.querySelector<HTMLElement>('.user[data-client-id]:not([data-seq])');
  }

  private findPending(clientMessageId: string): HTMLElement | null {
    return Array.from(this.log.querySelectorAll<HTMLElement>('[data-client-id]')).find((node) => node.dataset.clientId === clientMessageId) ?? null;
  }

  private setState(node: HTMLElement, text: string): void {
    let state = node.querySelector<HTMLElement>('.state');
    if (!text) return void state?.remove();
    if (!state) node.append((state = el('span', { class: 'state' })));
    state.textContent = text;
  }

  private showUnread(): void {
    this.unread++;
    this.badge.hidden = false;
    this.badge.textContent = String(this.unread);
    this.badge.setAttribute('aria-label', this.options.strings.unread(this.unread));
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

function inputFor(prompt: Prompt | undefined): { type: string; autocomplete: string; inputmode: string } {
  switch (prompt?.kind) {
    case 'email':
      return { type: 'email', autocomplete: 'email', inputmode: 'email' };
    case 'phone':
      return { type: 'tel', autocomplete: 'tel', inputmode: 'tel' };
    case 'number':
      return { type: 'text', autocomplete: 'off', inputmode: 'decimal' };
    default:
      return { type: 'text', autocomplete: SLOT_AUTOFILL[prompt?.slot ?? ''] ?? 'off', inputmode: 'text' };
  }
}

const SLOT_AUTOFILL: Record<string, string> = { name: 'name', company: 'organization', email: 'email', phone: 'tel' };

function chatIcon(): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z');
  svg.append(path);
  return svg;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}
