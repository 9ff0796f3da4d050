import { describe, expect, it } from 'vitest';
import { markdownPassages, stripInline } from './markdown-text.js';

describe('stripInline', () => {
  it('keeps the words of links and images and drops their targets', () => {
    expect(stripInline('See [the guide](https://x.test/a) and ![a diagram](d.png).')).toBe(
      'See the guide and a diagram.',
    );
    // A reference with no definition is no link to CommonMark: readers see its brackets.
    expect(stripInline('Read [the docs][docs] or <https://x.test>.')).toBe(
      'Read [the docs][docs] or https://x.test.',
    );
    expect(stripInline('[docs]: https://x.test/d\n\nRead [the docs][docs].')).toBe('Read the docs.');
  });

  it('removes emphasis, code ticks and HTML tags but not snake_case underscores', () => {
    expect(stripInline('**Bold**, *it*, _em_, ~~old~~ and `kubectl apply`')).toBe(
      'Bold, it, em, old and kubectl apply',
    );
    expect(stripInline('set max_pool_size <b>now</b>')).toBe('set max_pool_size now');
    expect(stripInline('2 * 3 * 4 = 24')).toBe('2 * 3 * 4 = 24');
  });
});

describe('markdownPassages', () => {
  it('separates headings, paragraphs and list items and leaves code out', () => {
    const markdown = [
      '# Deploying',
      '',
      'The service runs',
      'three replicas.',
      '',
      '- first item',
      '- second *item*',
      '',
      '```sh',
      'kubectl apply -f deploy.yaml',
      '```',
      '',
      '> Quoted advice.',
      '',
      'Setext heading',
      '--------------',
      '| port | 4000 |',
      '|------|------|',
    ].join('\n');
    expect(markdownPassages(markdown)).toEqual([
      { text: 'Deploying', heading: true },
      { text: 'The service runs three replicas.', heading: false },
      { text: 'first item', heading: false },
      { text: 'second item', heading: false },
      { text: 'Quoted advice.', heading: false },
      { text: 'Setext heading', heading: true },
      { text: 'port, 4000', heading: false },
    ]);
  });

  it('returns nothing for an empty body', () => {
    expect(markdownPassages('')).toEqual([]);
    expect(markdownPassages('```\nonly code\n```')).toEqual([]);
  });
});
