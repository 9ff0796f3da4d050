export * from './env.js';
export * from './forwarded.js';
export * from './signed.js';
