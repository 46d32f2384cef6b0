/**
 * The wire contract between the web channel (server) and the widget (browser).
 * Types only: the widget bundle imports this file too, so it must stay free of Node imports.
 */
export type PromptKind = 'text' | 'email' | 'phone' | 'choice' | 'confirm' | 'number' | 'date';

/** `channelData.prompt` of a bot message that expects an answer (prompt contract: docs/architecture.md). */
export interface Prompt {
  slot: string;
  kind: PromptKind;
  choices?: string[];
}

export interface QuickReply {
  title: string;
  /** Text sent back when the visitor picks it (imBack). */
  value: string;
}

/** One message of the conversation, as the widget renders it. `seq` is the per-conversation watermark. */
/** A sales rep who joined the conversation (live hand-off). */
export interface Agent {
  name: string;
  /** http(s) only. */
  avatarUrl?: string;
}

export interface WidgetMessage {
  seq: number;
  /** 'agent': a sales rep, named in `agent`. */
  from: 'bot' | 'user' | 'agent';
  agent?: Agent;
  text: string;
  /** ISO date. */
  at: string;
  /** Echo of the id the widget gave a visitor message, so it can reconcile its optimistic copy. */
  clientMessageId?: string;
  prompt?: Prompt;
  quickReplies?: QuickReply[];
}

/** SSE event names on `GET /api/web/conversations/:id/events`. */
export type StreamEventName = 'message' | 'typing' | 'ready' | 'notice';

/** `ready` event: history replay done; `watermark` is the last seq sent. */
export interface ReadyEvent {
  watermark: number;
}

export interface TypingEvent {
  on: boolean;
}

/**
 * `notice` event: a word from the server outside the conversation (not stored, no seq), e.g. the
 * apology of a turn that failed after the visitor's message was accepted, asking to send it again.
 */
export interface NoticeEvent {
  text: string;
}

/** Condition set of a proactive trigger: every present condition must hold. */
export interface TriggerConditions {
  /** Glob(s) the current path must match (`*` = any characters). */
  path?: string[];
  /** Seconds spent on the current page. */
  secondsOnPage?: number;
  /** Page views in this visit of pages matching `match`; `distinct` counts each URL once. */
  pageViews?: { match: string; count: number; distinct?: boolean };
  /** The visitor came before (visit number ≥ 2). */
  returningVisitor?: boolean;
}

export interface PublicTrigger {
  id: string;
  when: TriggerConditions;
  /** Paths (globs) where this trigger never fires, on top of the global `excludePaths`. */
  exclude?: string[];
}

/** Served by `GET /api/web/config`: everything the widget needs that site owners configure server-side. */
export interface PublicWidgetConfig {
  botName: string;
  avatarUrl?: string;
  themeColor: string;
  position: 'bottom-right' | 'bottom-left';
  defaultLocale: string;
  triggers: PublicTrigger[];
  excludePaths: string[];
  /** Inactivity after which the next page view starts a new visit. */
  visitTimeoutMinutes: number;
}

/** JSON error body of every refused request. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
