/**
 * The parts of a Slack payload Bolt reads without checking (`event.type`, `actions[0].type`…):
 * a verified request whose payload breaks them is refused with 400 here, instead of failing
 * inside Bolt (which Slack would see as our 500, and retry).
 */
import { schemaValidator } from '../../core/validation/schema-validator.js';

const object = { type: 'object' } as const;

/** Payload types Bolt routes as interactions (actions, options, views, shortcuts): it reads `user.id` and, without a team, `user.team_id`. */
const INTERACTION_TYPES = ['block_actions', 'interactive_message', 'dialog_submission', 'block_suggestion', 'dialog_suggestion', 'view_submission', 'view_closed', 'shortcut', 'message_action'];
const userObject = { required: ['user'], properties: { user: object } } as const;

/**
 * A team or enterprise id, where Slack sends one. Bolt keeps its API clients in a plain object keyed
 * by that id, so an id such as `__proto__` or `toString` finds a prototype member there instead of
 * a client, and the request fails inside Bolt.
 */
const workspaceId = { type: ['string', 'null'], not: { enum: Object.getOwnPropertyNames(Object.prototype) } } as const;
const withWorkspaceIds = (...keys: string[]) => ({ ...object, properties: Object.fromEntries(keys.map((key) => [key, workspaceId])) });

const validate = schemaValidator({ name: 'slack-payload', options: { allErrors: false, allowUnionTypes: true }, schema: {
  type: 'object',
  properties: {
    type: { type: 'string' },
    team_id: workspaceId,
    enterprise_id: workspaceId,
    team: { anyOf: [{ type: 'null' }, withWorkspaceIds('id', 'enterprise_id')] },
    enterprise: { anyOf: [{ type: 'null' }, withWorkspaceIds('id')] },
    authorizations: { type: 'array', items: withWorkspaceIds('team_id', 'enterprise_id') },
    event: {
      ...object,
      required: ['type'],
      properties: {
        type: { type: 'string' },
        text: { type: 'string' },
        team: workspaceId,
        // Bolt looks for the event's user and conversation with `in` and property reads.
        user: { type: ['object', 'string'] },
        channel: { type: ['object', 'string'] },
        item: object,
        subteam: object,
      },
    },
    actions: { type: 'array', minItems: 1, items: { ...object, required: ['type'], properties: { type: { type: 'string' }, action_id: { type: 'string' } } } },
    view: withWorkspaceIds('app_installed_team_id'),
    message: object,
    container: object,
    channel: { type: ['object', 'string'] },
    user: { anyOf: [{ type: 'string' }, withWorkspaceIds('team_id')] },
  },
  allOf: [
    { if: { anyOf: [{ required: ['actions'] }, { required: ['name'] }, { required: ['type'], properties: { type: { enum: INTERACTION_TYPES } } }] }, then: userObject },
    // A view payload's team may be read from the view.
    { if: { required: ['type'], properties: { type: { enum: ['view_submission', 'view_closed'] } } }, then: { required: ['view'] } },
  ],
} });

/** Why Bolt cannot read this payload, or undefined when it can. */
export function unreadablePayload(payload: Record<string, unknown>): string | undefined {
  if (validate(payload)) return undefined;
  const [error] = validate.errors ?? [];
  return `${error?.instancePath || '/'} ${error?.message ?? 'is malformed'}`;
}
