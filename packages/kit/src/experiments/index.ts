export * from './assignment.js';
export * from './weights.js';
