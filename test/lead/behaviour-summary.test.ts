import { describe, expect, it } from 'vitest';
import { summarizeBehaviour } from '../../bot/lead/behaviour-summary.js';
import type { BehaviourEvent } from '../../core/lead/model.js';

const at = (sec: number): Date => new Date(Date.UTC(2025, 0, 1, 9, 0, sec));

describe('summarizeBehaviour', () => {
  it('is undefined for a visitor never seen on the website', () => {
    expect(summarizeBehaviour([])).toBeUndefined();
  });

  it('counts page views, visits and visible time; keeps pages, referrer, UTM tags and the site events', () => {
    // Newest first, as the event repository lists them.
    const events: BehaviourEvent[] = [
      { name: 'pricing_simulation', at: at(40), props: { plan: 'croissance', seats: 12, yearly: true, path: '/tarifs' } },
      { name: 'page_leave', at: at(30), props: { url: 'http://x/', seconds: 25 } },
      { name: 'page_view', at: at(31), props: { url: 'http://x/tarifs', path: '/tarifs', title: 'Tarifs', visit: 2 } },
      { name: 'page_view', at: at(5), props: { url: 'http://x/', path: '/', title: 'Accueil', visit: 2 } },
      { name: 'visit_start', at: at(4), props: { visit: 2, landing: '/', referrer: 'https://www.google.com/', utm_source: 'newsletter', utm_campaign: 'printemps' } },
    ];
    const summary = summarizeBehaviour(events);
    expect(summary).toMatchObject({ pageViews: 2, visits: 2, timeOnSiteSec: 25, referrer: 'https://www.google.com/', utm: { utm_source: 'newsletter', utm_campaign: 'printemps' } });
    expect(summary?.pages?.map((p) => [p.url, p.title])).toEqual([
      ['http://x/', 'Accueil'],
      ['http://x/tarifs', 'Tarifs'],
    ]);
    expect(summary?.events).toEqual([{ name: 'pricing_simulation', at: at(40), props: { plan: 'croissance', seats: 12, yearly: true, path: '/tarifs' } }]);
  });

  it('bounds oversized texts to what the lead schema accepts and ignores nonsense numbers', () => {
    const long = '😈<script>'.repeat(500);
    const summary = summarizeBehaviour([
      { name: 'custom', at: at(1), props: { note: long, seats: 3 } },
      { name: 'page_view', at: at(2), props: { url: 'http://x/', title: long, visit: Number.NaN } },
      { name: 'page_leave', at: at(3), props: { seconds: -50 } },
    ]);
    expect(String(summary?.events?.[0]?.props?.note).length).toBeLessThanOrEqual(320);
    expect(summary?.pages?.[0]?.title?.length).toBeLessThanOrEqual(320);
    expect(summary).toMatchObject({ pageViews: 1, visits: 0, timeOnSiteSec: 0 });
    expect(String(summary?.events?.[0]?.props?.note).startsWith('😈<script>')).toBe(true);
    expect(summary?.events?.[0]?.props?.seats).toBe(3);
  });
});
