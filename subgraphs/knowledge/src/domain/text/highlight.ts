import { stem, wordSpans } from '@ukp/text';
import { escapeHtml } from './escape-html.js';

/**
 * Plain text → safe HTML with `<mark>` around the words whose stem is one of `stems`
 * ("deploying" is marked for the term "deploy"). Everything else is escaped.
 */
export function markTerms(text: string, stems: ReadonlySet<string>): string {
  let html = '';
  let last = 0;
  for (const span of wordSpans(text)) {
    if (!stems.has(stem(span.word))) continue;
    html += `${escapeHtml(text.slice(last, span.start))}<mark>${escapeHtml(text.slice(span.start, span.end))}</mark>`;
    last = span.end;
  }
  return html + escapeHtml(text.slice(last));
}
