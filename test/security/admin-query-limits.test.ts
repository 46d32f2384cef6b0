/**
 * The admin API and the lead repository agree on query limits: an empty filter is no filter, and a
 * filter the repository would refuse is a 400 naming it — never a silent 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../support/app-harness.js';

let running: RunningApp;
beforeAll(async () => {
  running = await startApp();
});
afterAll(async () => {
  await running.dispose();
});

describe('GET /api/leads filters', () => {
  it.each(['q=', 'email=', 'channel=', 'email=%20%20', 'q=&email=&channel=&stage=&sort='])('an empty filter (%s) is ignored: 200', async (query) => {
    const res = await running.admin(`/api/leads?${query}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ items: [], total: 0 });
  });

  it.each([
    ['q', 201],
    ['channel', 101],
    ['email', 321],
  ])('"%s" longer than the repository accepts (%i characters) is a 400 naming it', async (name, length) => {
    for (const path of ['/api/leads', '/api/leads.csv']) {
      const res = await running.admin(`${path}?${name}=${'a'.repeat(length)}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.message).toContain(`"${name}"`);
    }
  });

  it('the longest accepted filters still answer 200', async () => {
    const res = await running.admin(`/api/leads?q=${'a'.repeat(200)}&channel=${'c'.repeat(100)}&email=${'e'.repeat(320)}`);
    expect(res.status).toBe(200);
  });
});
