import { describe, expect, it } from 'vitest';
import { render } from '../../dialogs/engine/messages.js';

describe('message placeholders', () => {
  it('derives {firstName} from the name, keeping a lone title with the surname', () => {
    expect(render('Merci {firstName} !', { name: 'Marie Curie' })).toBe('Merci Marie !');
    expect(render('Merci {firstName} !', { name: 'Dr Jean-Pierre de la Tour' })).toBe('Merci Jean-Pierre !');
    expect(render('Merci {firstName} !', { name: 'Mme Durand' })).toBe('Merci Mme Durand !');
    expect(render('Thanks {firstName}!', {})).toBe('Thanks !');
    expect(render('{firstName}', { name: 'Zoé', firstName: 'Zozo' })).toBe('Zozo');
  });
  it('never interprets values', () => {
    expect(render('Hi {name}', { name: '<img src=x onerror=alert(1)> {email}' })).toBe('Hi <img src=x onerror=alert(1)> {email}');
    expect(render('{__proto__.polluted} {constructor}', {})).toBe(' ');
  });
  it('leaves out a [section] whose placeholder has no value, and keeps it (without brackets) when it has one', () => {
    expect(render('Merci[ {firstName}] !', {})).toBe('Merci !');
    expect(render('Merci[ {firstName}] !', { name: '' })).toBe('Merci !');
    expect(render('Merci[ {firstName}] !', { name: 'Marie Curie' })).toBe('Merci Marie !');
    expect(render('Nice to meet you[, {name}]!', { name: 'Jordan Smith' })).toBe('Nice to meet you, Jordan Smith!');
    expect(render('[{name} at {company}]', { name: 'Jo' })).toBe('');
  });
  it('keeps brackets without a placeholder as plain text, and never expands brackets or placeholders in values', () => {
    expect(render('Tapez [1] ou [2]', {})).toBe('Tapez [1] ou [2]');
    expect(render('Hi[ {name}]', { name: '[{email}]' })).toBe('Hi [{email}]');
    expect(render('[{name}]', { name: '{name}' })).toBe('{name}');
  });
});
