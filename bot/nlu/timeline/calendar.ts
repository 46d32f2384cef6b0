/**
 * Calendar arithmetic for timeline phrases, in UTC (a visitor's "March" is the same month whatever the
 * server's time zone). A phrase resolves to a `Span` of days; the extractor then picks one day of it.
 */
export interface Span {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;
const AVERAGE_MONTH_DAYS = 30.4375;

export function utcDate(year: number, month0: number, day: number): Date {
  return new Date(Date.UTC(year, month0, day));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function monthsBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS / AVERAGE_MONTH_DAYS;
}

export function addMonths(date: Date, months: number): Date {
  return addDays(date, months * AVERAGE_MONTH_DAYS);
}

export function monthSpan(year: number, month0: number): Span {
  return { start: utcDate(year, month0, 1), end: utcDate(year, month0 + 1, 0) };
}

/** Months `first..last` (0-based, last may exceed 11 to run into the next year) of `year`. */
export function monthsSpan(year: number, first: number, last: number): Span {
  return { start: utcDate(year, first, 1), end: utcDate(year, last + 1, 0) };
}

export function midpoint(span: Span): Date {
  return new Date((span.start.getTime() + span.end.getTime()) / 2);
}

/** The span clipped so it does not start in the past ("this quarter" means what is left of it). */
export function fromNow(span: Span, now: Date): Span {
  return span.start < now ? { start: now, end: span.end < now ? now : span.end } : span;
}

/**
 * The next occurrence of a yearly span given for `year` by `spanIn`: this year's if it has not ended
 * yet, next year's otherwise ("en mars" said in November means next March).
 */
export function nextOccurrence(now: Date, spanIn: (year: number) => Span): Span {
  const thisYear = spanIn(now.getUTCFullYear());
  return thisYear.end.getTime() >= startOfDay(now).getTime() ? thisYear : spanIn(now.getUTCFullYear() + 1);
}

export function startOfDay(date: Date): Date {
  return utcDate(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}
