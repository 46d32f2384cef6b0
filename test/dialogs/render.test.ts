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
});
