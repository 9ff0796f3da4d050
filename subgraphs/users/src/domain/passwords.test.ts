import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { SCORED_LENGTH } from './password-strength.js';
import { checkPasswordPolicy, PASSWORD_MAX } from './passwords.js';

/** The error checkPasswordPolicy throws, or undefined when the password passes. */
function refusal(password: string, userInputs: string[] = ['ada.lovelace@example.com', 'Ada Lovelace']) {
  try {
    checkPasswordPolicy(password, 'password', userInputs);
    return undefined;
  } catch (error) {
    return error as { message: string; extensions: Record<string, unknown> };
  }
}

describe('checkPasswordPolicy', () => {
  it.each([
    ['Password123!', /commonly used password/],
    ['qwertyuiop12', /commonly used password/],
    ['Password1234', /commonly used password/],
    ['abcdefghijklmnop', /sequences/i],
    ['zxcvbnm,./zxcvbnm', /./],
    ['ababababababababab', /repeat/i],
  ])('refuses %j and says why', (password, reason) => {
    const error = refusal(password);
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect(error?.extensions.field).toBe('password');
    expect(error?.message).toMatch(/^This password is too easy to guess\. /);
    expect(error?.message).toMatch(reason);
  });

  it('refuses the email, its local part and the display name as (part of) the password', () => {
    for (const password of ['ada.lovelace@example.com', 'ada.lovelace2024', 'AdaLovelace1815']) {
      expect(refusal(password)?.message, password).toMatch(/personal/);
    }
    // The same words are fine for someone else.
    expect(refusal('ada.lovelace2024!', ['grace@example.com', 'Grace'])).toBeUndefined();
  });

  it('keeps the length rules', () => {
    expect(refusal('Tidal-Harb1')?.message).toMatch(/at least 12/);
    expect(refusal(`${'x9Q-'.repeat(64)}z`)?.message).toMatch(/at most 256/);
  });

  it('accepts passphrases and random passwords', () => {
    for (const password of [
      'correct horse battery staple 42',
      'Tidal-Harbor-3fa9c01b77de',
      'a brand new passphrase 2026',
    ]) {
      expect(refusal(password), password).toBeUndefined();
    }
  });

  it(`scores only the first ${SCORED_LENGTH} characters, so a long input costs no more than that`, () => {
    // Random tail after a weak head: strong as a whole, but only the head is looked at.
    const tail = 'Vq8#mZ2!rK5@wL9$tB3%yN7^hD4&jF6*';
    const password = `${'a'.repeat(SCORED_LENGTH)}${tail.repeat(4)}`.slice(0, PASSWORD_MAX);
    expect(refusal(password)?.message).toMatch(/repeat/i);
    expect(refusal(`${tail}${'a'.repeat(SCORED_LENGTH)}`.slice(0, PASSWORD_MAX))).toBeUndefined();
  });
});
