/** Opening hours and call-back slots from config/team.yaml, in the team's time zone. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/paths.js';
import { loadTeamConfig, TeamAvailability, TeamConfigError } from '../../bot/handoff/team-availability.js';

const shipped = new TeamAvailability(loadTeamConfig(path.join(PROJECT_ROOT, 'config/team.yaml')));

describe('opening hours (Europe/Paris, as shipped)', () => {
  it.each([
    ['Wednesday 17:30 in Paris (winter, UTC+1)', '2026-12-02T16:30:00Z', true],
    ['Wednesday 13:00 in Paris: lunch break', '2026-12-02T12:00:00Z', false],
    ['Wednesday 18:00 in Paris: closing time is closed', '2026-12-02T17:00:00Z', false],
    ['Friday 17:30 in Paris: Friday closes at 17:00', '2026-12-04T16:30:00Z', false],
    ['Saturday 10:00 in Paris', '2026-12-05T09:00:00Z', false],
    ['Monday 09:00 in Paris (summer, UTC+2)', '2026-06-01T07:00:00Z', true],
    ['Monday 08:30 in Paris (summer): 06:30 UTC is not open', '2026-06-01T06:30:00Z', false],
  ])('%s → %s', (_label, at, open) => {
    expect(shipped.isOpen(new Date(at))).toBe(open);
  });

  it('waits 2 minutes for a rep by default', () => {
    expect(shipped.joinTimeoutMs).toBe(120_000);
  });
});

describe('call-back slots', () => {
  it('offers the next configured slots after the notice period, labelled in the visitor language and the team time zone', () => {
    const now = new Date('2026-12-02T16:30:00Z'); // Wednesday 17:30 in Paris: 17:00 is gone, 18:30 is the earliest
    expect(shipped.callbackSlots(now, 'fr')).toEqual([
      { at: new Date('2026-12-03T09:00:00Z'), label: 'jeudi 3 décembre à 10:00' },
      { at: new Date('2026-12-03T13:30:00Z'), label: 'jeudi 3 décembre à 14:30' },
      { at: new Date('2026-12-03T16:00:00Z'), label: 'jeudi 3 décembre à 17:00' },
    ]);
    expect(shipped.callbackSlots(now, 'en')[0]?.label).toBe('Thursday 3 December at 10:00');
  });

  it('skips the weekend and follows the change to summer time', () => {
    // Friday 27 March 2026, 16:00 in Paris; clocks go forward on Sunday 29 March.
    const slots = shipped.callbackSlots(new Date('2026-03-27T15:00:00Z'), 'fr');
    expect(slots.map((s) => s.at.toISOString())).toEqual(['2026-03-30T08:00:00.000Z', '2026-03-30T12:30:00.000Z', '2026-03-30T15:00:00.000Z']);
  });
});

describe('config/team.yaml validation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'handoff-team-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const load = async (yaml: string) => {
    const file = path.join(dir, `team-${Math.random().toString(36).slice(2)}.yaml`);
    await writeFile(file, yaml);
    return () => loadTeamConfig(file);
  };
  const valid = ['timezone: Europe/Paris', 'joinTimeoutSeconds: 120', 'hours: { mon: ["09:00-18:00"] }', 'callbackSlots: { mon: ["10:00"] }', 'callbackOffer: { count: 3, minNoticeMinutes: 60 }'];

  it('accepts a minimal file', async () => {
    expect((await load(valid.join('\n')))().hours.mon).toEqual(['09:00-18:00']);
  });

  it.each([
    ['an unknown time zone', valid.map((l) => l.replace('Europe/Paris', 'Mars/Olympus')).join('\n'), /unknown IANA time zone/],
    ['a malformed range', valid.map((l) => l.replace('09:00-18:00', '9h-18h')).join('\n'), /hours\.mon\.0: must match pattern/],
    ['a range ending before it starts', valid.map((l) => l.replace('09:00-18:00', '18:00-09:00')).join('\n'), /ends before it starts/],
    ['an unknown weekday', valid.map((l) => l.replace('hours: { mon', 'hours: { lundi')).join('\n'), /unknown field "lundi"/],
    ['a negative delay', valid.map((l) => l.replace('120', '-5')).join('\n'), /joinTimeoutSeconds: must be >= 0/],
  ])('refuses %s with the place of the error', async (_label, yaml, message) => {
    const read = await load(yaml);
    expect(read).toThrow(TeamConfigError);
    expect(read).toThrow(message);
  });
});
