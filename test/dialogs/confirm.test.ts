import { describe, expect, it } from 'vitest';
import { parseConfirm } from '../../dialogs/engine/answers.js';

describe('confirm answers as visitors type them', () => {
  it.each(['oui', 'Oui !', 'oui bien sûr', "d'accord", "D'accord, allez-y", 'ok pas de souci', 'OK', 'bien sûr', 'yes please', 'sure thing', "j'accepte", '1'])('"%s" is yes', (text) => {
    expect(parseConfirm(text)).toBe(true);
  });
  it.each(['non', 'Non merci', "pas d'accord", 'pas question', 'no thanks', 'nope', 'je refuse', "I don't agree", '2'])('"%s" is no', (text) => {
    expect(parseConfirm(text)).toBe(false);
  });
  it.each(['peut-être', 'bonjour', '', '{"$gt": ""}', '🙂', '<b>oui</b>'])('"%s" is neither', (text) => {
    expect(parseConfirm(text)).toBeUndefined();
  });
});
