/**
 * The parts of a Slack payload Bolt reads without checking (`event.type`, `actions[0].type`…):
 * a verified request whose payload breaks them is refused with 400 here, instead of failing
 * inside Bolt (which Slack would see as our 500, and retry).
 */
import { Ajv } from 'ajv';

const object = { type: 'object' } as const;

const validate = new Ajv({ allErrors: false }).compile({
  type: 'object',
  properties: {
    type: { type: 'string' },
    event: { ...object, required: ['type'], properties: { type: { type: 'string' }, text: { type: 'string' } } },
    actions: { type: 'array', minItems: 1, items: { ...object, required: ['type'], properties: { type: { type: 'string' }, action_id: { type: 'string' } } } },
    view: object,
    message: object,
    container: object,
    channel: { type: ['object', 'string'] },
    user: { type: ['object', 'string'] },
  },
});

/** Why Bolt cannot read this payload, or undefined when it can. */
export function unreadablePayload(payload: Record<string, unknown>): string | undefined {
  if (validate(payload)) return undefined;
  const [error] = validate.errors ?? [];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is malformed'}`;
}
