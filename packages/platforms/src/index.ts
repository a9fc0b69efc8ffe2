export * from './github/action-io.js';
export * from './github/terraform-install.js';
export * from './github/helm-install.js';
export * from './api-retry.js';
export * from './github/review.js';
export * from './gitlab/review.js';
export * from './review-target.js';
