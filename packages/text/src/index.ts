export { stem } from './stem.js';
export { isStopword, STOPWORDS } from './stopwords.js';
export { isTermWord, terms } from './terms.js';
export { type WordSpan, wordSpans, words } from './tokenize.js';
