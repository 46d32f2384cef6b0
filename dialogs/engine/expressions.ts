/**
 * Conditions in scripts use filtrex, a sandboxed expression language: designer text is parsed,
 * never handed to eval. Dots read nested values (`timeline.bucket`); unknown names are null.
 */
import { compileExpression } from 'filtrex';
import { lookup } from './messages.js';

export type Condition = (values: Record<string, unknown>) => unknown;

const cache = new Map<string, Condition>();

/** Compile once (throws on bad syntax: the loader reports it with the step's position). */
export function compileCondition(source: string): Condition {
  let compiled = cache.get(source);
  if (!compiled) {
    const fn = compileExpression(source, {
      constants: { true: true, false: false, null: null },
      // Own properties only: prototype names (constructor, __proto__) resolve to null.
      customProp: (name, _get, data) => lookup(data, name) ?? null,
    });
    compiled = (values) => fn(values);
    cache.set(source, compiled);
  }
  return compiled;
}

/** filtrex returns errors instead of throwing; treat them as false so a typo never crashes a turn. */
export function evaluate(source: string, values: Record<string, unknown>): unknown {
  const result = compileCondition(source)(values);
  return result instanceof Error ? null : result;
}
