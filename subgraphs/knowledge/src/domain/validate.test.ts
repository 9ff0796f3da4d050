import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  checkBody,
  checkTags,
  checkTitle,
  DEFAULT_BODY_MAX_BYTES,
  normalizeTag,
  TAG_MAX,
  TAGS_MAX,
  TITLE_MAX,
} from './validate.js';

/** The error `fn` throws, which must be a BAD_USER_INPUT naming `field`. */
function badInput(fn: () => unknown, field: string): GraphQLError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a BAD_USER_INPUT error').toBeDefined();
  const error = thrown as GraphQLError;
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  return error;
}

describe('checkTitle', () => {
  it('trims and keeps the title otherwise as written', () => {
    expect(checkTitle('  Rotating credentials \n')).toBe('Rotating credentials');
    expect(checkTitle('\u00a0\u3000Ünïcödé 标题 🚀\u2003')).toBe('Ünïcödé 标题 🚀');
    expect(checkTitle('a')).toBe('a');
  });

  it('refuses an empty or blank title', () => {
    for (const title of ['', ' ', '\t\n ', '\u00a0\u2003\u3000', '\ufeff'])
      badInput(() => checkTitle(title), 'title');
  });

  it('allows exactly 300 characters after trimming, counted in code points', () => {
    expect(checkTitle(`  ${'x'.repeat(TITLE_MAX)}  `)).toHaveLength(TITLE_MAX);
    badInput(() => checkTitle('x'.repeat(TITLE_MAX + 1)), 'title');
    // 300 emoji are 600 UTF-16 units but 300 characters.
    const emoji = '😀'.repeat(TITLE_MAX);
    expect(checkTitle(emoji)).toBe(emoji);
    badInput(() => checkTitle(`${emoji}😀`), 'title');
  });

  it('refuses control characters anywhere inside, line breaks and tabs included', () => {
    for (const control of ['\u0000', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
      const error = badInput(() => checkTitle(`before${control}after`), 'title');
      expect(error.message).toMatch(/control/);
    }
  });
});

describe('checkBody', () => {
  it('allows up to the default 256 KiB measured in UTF-8 bytes, not characters', () => {
    expect(DEFAULT_BODY_MAX_BYTES).toBe(262_144);
    const max = DEFAULT_BODY_MAX_BYTES;
    expect(checkBody('x'.repeat(max))).toHaveLength(max);
    const error = badInput(() => checkBody('x'.repeat(max + 1)), 'body');
    expect(error.message).toContain('262144 bytes');
    expect(error.message).toContain('256 KiB');
    // 'é' is two bytes in UTF-8: half as many fit, one more does not.
    const twoByte = 'é'.repeat(max / 2);
    expect(twoByte.length).toBeLessThan(max);
    expect(checkBody(twoByte)).toBe(twoByte);
    badInput(() => checkBody(`${twoByte}x`), 'body');
    // '😀' is four bytes and two UTF-16 units.
    badInput(() => checkBody('😀'.repeat(max / 4 + 1)), 'body');
  });

  it('takes the configured limit, and names it', () => {
    expect(checkBody('x'.repeat(2048), 2048)).toHaveLength(2048);
    const error = badInput(() => checkBody('x'.repeat(2049), 2048), 'body');
    expect(error.message).toBe('Body must be at most 2048 bytes of UTF-8 (2 KiB).');
    expect(badInput(() => checkBody('é'.repeat(1025), 2048), 'body').message).toContain('2048 bytes');
    expect(checkBody('x'.repeat(DEFAULT_BODY_MAX_BYTES + 1), 1024 * 1024)).toHaveLength(
      DEFAULT_BODY_MAX_BYTES + 1,
    );
  });

  it('refuses a NUL character, which Postgres text cannot hold', () => {
    const error = badInput(() => checkBody('before\u0000after'), 'body');
    expect(error.message).toMatch(/NUL/);
  });

  it('keeps tabs, line breaks and other text as written, and sanitises the HTML', () => {
    expect(checkBody('a\tb\r\nc\n')).toBe('a\tb\r\nc\n');
    expect(checkBody('')).toBe('');
    expect(checkBody('ok <script>alert(1)</script>')).toBe('ok ');
  });
});

describe('normalizeTag', () => {
  it.each([
    ['Machine Learning', 'machine-learning'],
    ['machine_learning ', 'machine-learning'],
    ['  --Multi   Word__Tag-- ', 'multi-word-tag'],
    ['C++', 'c'],
    ['node.js', 'nodejs'],
    ['Ünïcödé', 'ünïcödé'],
    ['Straße', 'straße'],
    ['数据库 设计', '数据库-设计'],
    ['ＦＵＬＬＷＩＤＴＨ', 'fullwidth'],
    ['ﬁle', 'file'],
    ['v2', 'v2'],
    ['a\u200bb', 'ab'],
    ['tab\tand\nnewline', 'tab-and-newline'],
  ])('%j → %j', (raw, normalised) => {
    expect(normalizeTag(raw)).toBe(normalised);
  });

  it('leaves nothing of a tag without letters or digits', () => {
    for (const raw of ['', '   ', '---', '!!!', '🚀', '_']) expect(normalizeTag(raw)).toBe('');
  });
});

describe('checkTags', () => {
  it('normalises and drops duplicates, keeping the first order', () => {
    expect(
      checkTags(['Security', 'Database Credentials', 'security', 'database_credentials', 'SECURITY ']),
    ).toEqual(['security', 'database-credentials']);
    expect(checkTags([])).toEqual([]);
  });

  it('allows 20 tags and refuses 21, even when some are duplicates', () => {
    const twenty = Array.from({ length: TAGS_MAX }, (_, i) => `t${i}`);
    expect(checkTags(twenty)).toEqual(twenty);
    badInput(() => checkTags([...twenty, 't0']), 'tags');
  });

  it('allows tags of 40 characters after normalising, counted in code points', () => {
    expect(checkTags(['y'.repeat(TAG_MAX)])).toEqual(['y'.repeat(TAG_MAX)]);
    badInput(() => checkTags(['y'.repeat(TAG_MAX + 1)]), 'tags');
    // Normalising shortens it first: 40 letters with spaces around are fine.
    expect(checkTags([`  ${'Y'.repeat(TAG_MAX)}  `])).toEqual(['y'.repeat(TAG_MAX)]);
    // 40 letters from outside the BMP are 80 UTF-16 units but 40 characters.
    const astral = '𠀀'.repeat(TAG_MAX);
    expect(checkTags([astral])).toEqual([astral]);
    badInput(() => checkTags([`${astral}𠀀`]), 'tags');
  });

  it('refuses a tag that normalises to nothing, on the given field', () => {
    badInput(() => checkTags(['ok', '***']), 'tags');
    const error = badInput(() => checkTags(['  '], 'filter.tags'), 'filter.tags');
    expect(error.message).toMatch(/no letters or digits/);
  });
});
