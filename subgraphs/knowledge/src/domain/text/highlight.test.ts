import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape-html.js';
import { markTerms } from './highlight.js';

describe('escapeHtml', () => {
  it('escapes every character that can start markup or end an attribute', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
    expect(escapeHtml('&lt;script')).toBe('&amp;lt;script');
  });
});

describe('markTerms', () => {
  it('marks every form of a term and escapes the rest', () => {
    expect(markTerms('Deploying <b>now</b>: the deployment deploys.', new Set(['deploy']))).toBe(
      '<mark>Deploying</mark> &lt;b&gt;now&lt;/b&gt;: the <mark>deployment</mark> <mark>deploys</mark>.',
    );
  });

  it('returns escaped text unchanged when nothing matches', () => {
    expect(markTerms('a < b & c', new Set(['redis']))).toBe('a &lt; b &amp; c');
  });
});
