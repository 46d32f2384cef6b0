/**
 * `POST /api/messages`: the Bot Framework protocol (Emulator, Direct Line, Teams) through
 * CloudAdapter. With no MicrosoftAppId, anonymous activities are accepted and replies go to the
 * activity's serviceUrl, as in the Bot Framework samples; `deliveryMode: "expectReplies"`
 * returns the replies in the response body.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Server } from 'restify';
import type { Logger } from '../../core/log.js';
import { readJsonObject } from '../http/body.js';
import { HttpError, sendError } from '../http/errors.js';
import { validateActivity } from './activity-validation.js';

export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

class MessagesAdapter extends CloudAdapter {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createBotFrameworkAdapter(env: NodeJS.ProcessEnv, log: Logger): MessagesAdapter {
  const adapter = new MessagesAdapter(new ConfigurationBotFrameworkAuthentication(env as Record<string, string>));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, conversation: context.activity.conversation?.id }, 'turn failed');
    await context.sendActivity({
      type: 'message',
      text: context.activity.locale?.startsWith('en')
        ? 'Sorry, something went wrong on our side. Please try again in a moment.'
        : 'Désolé, un incident technique est survenu de notre côté. Merci de réessayer dans un instant.',
      inputHint: 'acceptingInput',
    });
  };
  return adapter;
}

export function mountMessagesEndpoint(
  server: Server,
  deps: { bot: TurnHandler; env: NodeJS.ProcessEnv; maxBytes: number; log: Logger },
): void {
  const adapter = createBotFrameworkAdapter(deps.env, deps.log);
  server.post('/api/messages', async (req, res) => {
    try {
      const activity = validateActivity(await readJsonObject(req, deps.maxBytes));
      const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      const invoke = await adapter.handle(auth, activity, (context) => deps.bot.run(context)).catch((err: unknown) => {
        const name = (err as { name?: string } | null)?.name ?? '';
        if (/Authentication|Unauthorized/i.test(name) || /Unauthorized|authorization/i.test(String((err as Error)?.message))) {
          throw new HttpError(401, 'unauthorized', 'Bot Framework authentication failed');
        }
        throw err;
      });
      res.status(invoke?.status ?? 200);
      if (invoke?.body !== undefined) res.json(invoke.body);
      else res.end();
    } catch (err) {
      if (!(err instanceof HttpError)) deps.log.error({ err }, '/api/messages failed');
      sendError(res, err);
    }
  });
}
