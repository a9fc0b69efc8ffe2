export * from './github/action-io.js';
export * from './github/terraform-install.js';
export * from './github/helm-install.js';
