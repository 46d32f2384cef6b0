/**
 * A small qualification bot speaking the real message contract (docs/architecture.md): every question has
 * inputHint "expectingInput" and channelData.prompt {slot, kind, choices?}; choices also come as
 * imBack suggested actions. It acknowledges each answer by repeating it ("Noté : …"), so hostile
 * text typed by a visitor is also sent back by the bot. Stands in for the real bot until it lands.
 */
import { ActivityHandler, ActionTypes, InputHints, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { PromptKind } from '../../adapters/web/protocol.js';

interface Question {
  slot: string;
  kind: PromptKind;
  text: string;
  choices?: string[];
}

export const TEST_QUESTIONS: readonly Question[] = [
  { slot: 'name', kind: 'text', text: 'Comment vous appelez-vous ?' },
  { slot: 'email', kind: 'email', text: 'Quelle est votre adresse e-mail ?' },
  { slot: 'phone', kind: 'phone', text: 'Un numéro de téléphone ?' },
  { slot: 'project', kind: 'choice', text: 'Quel produit vous intéresse ?', choices: ['Pilote CRM', 'Pilote Campagnes', 'Les deux'] },
  { slot: 'consent', kind: 'confirm', text: 'Acceptez-vous que nous conservions ces informations ?', choices: ['Oui', 'Non'] },
];
export const TEST_GREETING = 'Bonjour ! Je suis Léa, je vais vous poser quelques questions.';
export const TEST_DONE = 'Merci, un conseiller vous recontacte très vite.';
export const TEST_TURN_FAILED = 'Désolé, un incident technique : merci de renvoyer votre message.';

export class TestQualificationBot extends ActivityHandler {
  /** Next question index per conversation. */
  readonly progress = new Map<string, number>();
  /** Every visitor message the bot received, in order (to prove retries are processed once). */
  readonly received: string[] = [];
  /** Visitor messages whose turn fails, as when the store refuses a write mid-turn. */
  readonly failing = new Set<string>();

  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.from.id)) {
        await context.sendActivity(TEST_GREETING);
        await this.ask(context, 0);
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = context.activity.text ?? '';
      if (this.failing.has(text)) throw new Error(`test bot: the turn on "${text}" fails`);
      this.received.push(text);
      const index = this.progress.get(context.activity.conversation.id) ?? 0;
      await context.sendActivity(MessageFactory.text(`Noté : ${text}`));
      await this.ask(context, index + 1);
      await next();
    });
  }

  turnFailedReply(): Partial<Activity> {
    return { type: 'message', text: TEST_TURN_FAILED };
  }

  private async ask(context: TurnContext, index: number): Promise<void> {
    this.progress.set(context.activity.conversation.id, index);
    const question = TEST_QUESTIONS[index];
    if (!question) {
      await context.sendActivity(TEST_DONE);
      return;
    }
    const message = question.choices
      ? MessageFactory.suggestedActions(question.choices.map((c) => ({ type: ActionTypes.ImBack, title: c, value: c })), question.text)
      : MessageFactory.text(question.text);
    message.inputHint = InputHints.ExpectingInput;
    message.channelData = { prompt: { slot: question.slot, kind: question.kind, ...(question.choices ? { choices: question.choices } : {}) } };
    await context.sendActivity(message);
  }
}
