/**
 * Shape checks on inbound Bot Framework activities, before botbuilder sees them, so malformed
 * input gets a clear 400 instead of a stack trace.
 */
import type { Activity } from 'botbuilder';
import { HttpError } from '../http/errors.js';

const MAX_ID = 512;

function str(obj: Record<string, unknown>, key: string, max: number, required: boolean): void {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (required) throw new HttpError(400, 'invalid_activity', `Activity "${key}" is required`);
    return;
  }
  if (typeof value !== 'string') throw new HttpError(400, 'invalid_activity', `Activity "${key}" must be a string`);
  if (value.length > max) throw new HttpError(400, 'invalid_activity', `Activity "${key}" is longer than ${max} characters`);
}

function account(obj: Record<string, unknown>, key: string, required: boolean): void {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (required) throw new HttpError(400, 'invalid_activity', `Activity "${key}" is required`);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_activity', `Activity "${key}" must be an object`);
  }
  str(value as Record<string, unknown>, 'id', MAX_ID, true);
}

export function validateActivity(body: Record<string, unknown>): Activity {
  str(body, 'type', 64, true);
  str(body, 'id', MAX_ID, false);
  str(body, 'channelId', 64, false);
  str(body, 'locale', 35, false);
  str(body, 'text', 32_768, false);
  str(body, 'deliveryMode', 32, false);
  account(body, 'from', body.type === 'message');
  account(body, 'conversation', true);
  account(body, 'recipient', false);
  for (const list of ['membersAdded', 'membersRemoved']) {
    const members = body[list];
    if (members === undefined) continue;
    if (!Array.isArray(members) || members.length > 100) throw new HttpError(400, 'invalid_activity', `Activity "${list}" must be an array of at most 100 accounts`);
    members.forEach((_member, index) => account(members as unknown as Record<string, unknown>, String(index), true));
  }
  str(body, 'serviceUrl', 2048, body.deliveryMode !== 'expectReplies');
  if (typeof body.serviceUrl === 'string' && !/^https?:\/\//i.test(body.serviceUrl)) {
    throw new HttpError(400, 'invalid_activity', 'Activity "serviceUrl" must be an http(s) URL');
  }
  return body as unknown as Activity;
}
