// `jig/tune`: the tuning loop — proposals from feedback, versioned line configs, canary and
// automatic rollback.
export * from '../tune/index.js';
