/**
 * The sales team's availability (config/team.yaml): opening hours, in which a visitor asking for a
 * person is put through to reps, and call-back slots offered when nobody can join. Times are the
 * team's local time; dayjs' timezone plugin turns them into instants (daylight saving included).
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import type { Locale } from '../../core/lead/model.js';
import { ConfigFileError, configSchema, loadValidatedYaml } from '../../core/config/validated-yaml.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TeamConfig {
  timezone: string;
  joinTimeoutSeconds: number;
  hours: Partial<Record<Weekday, string[]>>;
  callbackSlots: Partial<Record<Weekday, string[]>>;
  callbackOffer: { count: number; minNoticeMinutes: number };
}

export interface CallbackSlot {
  at: Date;
  /** As the visitor reads it, e.g. "mardi 8 décembre à 10:00". */
  label: string;
}

export class TeamConfigError extends ConfigFileError {}

const TIME = '([01]\\d|2[0-3]):[0-5]\\d';
const perDay = (pattern: string) => ({
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(WEEKDAYS.map((day) => [day, { type: 'array', maxItems: 48, items: { type: 'string', pattern: `^${pattern}$` } }])),
});

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['timezone', 'joinTimeoutSeconds', 'hours', 'callbackSlots', 'callbackOffer'],
  properties: {
    timezone: { type: 'string', minLength: 1, maxLength: 100 },
    joinTimeoutSeconds: { type: 'number', minimum: 0, maximum: 86_400 },
    hours: perDay(`${TIME}-${TIME}`),
    callbackSlots: perDay(TIME),
    callbackOffer: {
      type: 'object',
      additionalProperties: false,
      required: ['count', 'minNoticeMinutes'],
      properties: { count: { type: 'integer', minimum: 1, maximum: 10 }, minNoticeMinutes: { type: 'integer', minimum: 0, maximum: 10_080 } },
    },
  },
};
const TEAM = configSchema<TeamConfig>('team', SCHEMA);

/** How far ahead call-back slots are looked for. */
const MAX_DAYS_AHEAD = 14;

export function loadTeamConfig(file: string): TeamConfig {
  const config = loadValidatedYaml(file, TEAM, TeamConfigError);
  if (!isTimeZone(config.timezone)) throw new TeamConfigError(file, [{ line: 1, col: 1, message: `timezone: unknown IANA time zone "${config.timezone}"` }]);
  for (const [day, ranges] of Object.entries(config.hours)) {
    for (const range of ranges ?? []) {
      const [from = '', to = ''] = range.split('-');
      if (from >= to) throw new TeamConfigError(file, [{ line: 1, col: 1, message: `hours.${day}: "${range}" ends before it starts` }]);
    }
  }
  return config;
}

export class TeamAvailability {
  constructor(readonly config: TeamConfig) {}

  get joinTimeoutMs(): number {
    return this.config.joinTimeoutSeconds * 1000;
  }

  /** Within the team's opening hours at `now`. */
  isOpen(now: Date): boolean {
    const local = dayjs(now).tz(this.config.timezone);
    const time = local.format('HH:mm');
    return (this.config.hours[WEEKDAYS[local.day()]!] ?? []).some((range) => {
      const [from = '', to = ''] = range.split('-');
      return time >= from && time < to;
    });
  }

  /** The next call-back slots after `now` plus the notice period, labelled in `locale`. */
  callbackSlots(now: Date, locale: Locale): CallbackSlot[] {
    const { timezone: tz, callbackOffer } = this.config;
    const earliest = now.getTime() + callbackOffer.minNoticeMinutes * 60_000;
    const format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', { timeZone: tz, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
    const today = dayjs(now).tz(tz).startOf('day');
    const slots: CallbackSlot[] = [];
    for (let offset = 0; offset <= MAX_DAYS_AHEAD && slots.length < callbackOffer.count; offset++) {
      const day = today.add(offset, 'day');
      const starts = [...(this.config.callbackSlots[WEEKDAYS[day.day()]!] ?? [])].sort();
      for (const start of starts) {
        const at = dayjs.tz(`${day.format('YYYY-MM-DD')} ${start}`, tz).toDate();
        if (at.getTime() < earliest) continue;
        slots.push({ at, label: format.format(at) });
        if (slots.length === callbackOffer.count) break;
      }
    }
    return slots;
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
