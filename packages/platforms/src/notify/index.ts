export * from './http.js';
export * from './slack.js';
export * from './pagerduty.js';
export * from './webhook.js';
export * from './email.js';
