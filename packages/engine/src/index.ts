export * from './ports.js';
export * from './node-exec.js';
export * from './files.js';
export * from './terraform.js';
export * from './config-file.js';
export * from './drift.js';
export * from './path-lookup.js';
export * from './drift-detect.js';
