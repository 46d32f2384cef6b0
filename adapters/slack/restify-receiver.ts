/**
 * A Bolt Receiver on our restify server (`POST /slack/events`), so Slack shares the bot's port.
 * The request is read raw and checked with Bolt's own verification (HMAC of the exact bytes,
 * timestamp at most 5 minutes old) before anything is parsed; then it follows HTTPReceiver's flow.
 * Event callbacks are answered only once their turn is over (see event-ledger.ts): a 200 sent
 * before would tell Slack to forget an event a crash could still lose.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, HTTPResponseAck, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Server } from 'restify';
import type { Logger } from '../../core/log.js';
import { boltLogger } from './bolt-logger.js';
import type { EventClaim, SlackEventLedger } from './event-ledger.js';
import { unreadablePayload } from './payload-shape.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface RestifyReceiverOptions {
  signingSecret: string;
  events: SlackEventLedger;
  logger: Logger;
  /** Slack payloads are small; anything bigger is refused before verification (413). */
  bodyLimit?: number;
  /** Test hook for the clock used by signature verification. */
  nowMilliseconds?: () => number;
}

export class RestifyReceiver implements Receiver {
  private app: App | undefined;
  private accepting = true;
  private readonly boltLog;

  constructor(private readonly options: RestifyReceiverOptions) {
    this.boltLog = boltLogger(options.logger);
  }

  init(app: App): void {
    this.app = app;
  }

  /** Routes are mounted with `mount(server)`; nothing to start. */
  async start(): Promise<void> {
    this.accepting = true;
  }

  async stop(): Promise<void> {
    this.accepting = false;
  }

  mount(server: Server): void {
    server.post(SLACK_EVENTS_PATH, async (req, res) => {
      await this.handle(req, res);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.accepting || !this.app) return HTTPModuleFunctions.buildNoBodyResponse(res, 503);
    let buffered;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        {
          signingSecret: this.options.signingSecret,
          bodyLimit: this.options.bodyLimit ?? 1024 * 1024,
          logger: this.boltLog,
          ...(this.options.nowMilliseconds ? { nowMilliseconds: this.options.nowMilliseconds } : {}),
        },
        req,
      );
    } catch (err) {
      const status = HTTPModuleFunctions.isRawBodyError(err) ? err.statusCode : 401;
      this.options.logger.warn({ status, reason: err instanceof Error ? err.message : String(err) }, 'refused Slack request');
      // An oversized body is left unread: the connection cannot carry another request.
      if (status === 413) res.setHeader('connection', 'close');
      return HTTPModuleFunctions.buildNoBodyResponse(res, status);
    }

    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    } catch {
      return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    const payload = body as Record<string, unknown>;
    const unreadable = unreadablePayload(payload);
    if (unreadable) {
      this.options.logger.warn({ reason: unreadable }, 'refused a Slack payload Bolt cannot read');
      return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    }

    if (payload.ssl_check === '1') return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (payload.type === 'url_verification') return HTTPModuleFunctions.buildUrlVerificationResponse(res, payload);
    const eventId = payload.type === 'event_callback' && typeof payload.event_id === 'string' ? payload.event_id : null;
    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    let claim: EventClaim | null = null;
    if (eventId !== null) {
      const admission = await this.options.events.admit(eventId);
      if (admission.outcome === 'duplicate') {
        // A retry of a processed event: acknowledge so Slack stops, do not process it again.
        res.writeHead(200, { 'x-slack-no-retry': '1' });
        res.end();
        return;
      }
      if (admission.outcome === 'in-progress') {
        // Another turn holds it (slow, or on a replica that may yet die): a non-2xx keeps Slack's
        // later retries coming, and by then the event is either processed or free to take over.
        this.options.logger.info({ eventId, retryNum }, 'Slack retry of an event still being processed');
        return HTTPModuleFunctions.buildNoBodyResponse(res, 503);
      }
      claim = admission.claim;
    }

    const ack = new HTTPResponseAck({
      logger: this.boltLog,
      processBeforeResponse: eventId !== null,
      httpRequest: buffered,
      httpRequestBody: payload,
      httpResponse: res,
    });
    const event: ReceiverEvent = {
      body: payload,
      ack: ack.bind(),
      retryNum,
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
    };
    const renewal = claim ? this.keepLease(claim) : undefined;
    try {
      await this.app.processEvent(event);
      if (claim) await this.options.events.processed(claim);
      if (eventId !== null && ack.storedResponse !== undefined && !res.headersSent) {
        HTTPModuleFunctions.buildContentResponse(res, ack.storedResponse);
      }
      if (!res.headersSent) {
        // Every listener has run and none acknowledged (a payload Bolt cannot route): answer now what
        // Bolt answers after its 3 s wait, rather than leave restify to answer 500.
        ack.ack();
        this.options.logger.warn({ type: typeof payload.type === 'string' ? payload.type.slice(0, 50) : typeof payload.type }, 'Slack request acknowledged by no listener');
        HTTPModuleFunctions.buildNoBodyResponse(res, 404);
      }
    } catch (error) {
      // The turn committed nothing (conversation.ts swallows failures after its replies went out):
      // let Slack's retry run it again.
      if (claim) await this.options.events.released(claim);
      const acknowledged = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error as Error,
        logger: this.boltLog,
        request: req,
        response: res,
        storedResponse: ack.storedResponse,
      });
      if (acknowledged) ack.ack();
    } finally {
      clearInterval(renewal);
    }
  }

  /** Renew the event's lease while its turn runs, so no replica takes a slow turn over. */
  private keepLease(claim: EventClaim): NodeJS.Timeout {
    const timer = setInterval(() => void this.options.events.renew(claim), this.options.events.leaseMs / 3);
    timer.unref();
    return timer;
  }
}
