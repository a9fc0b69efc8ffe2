export * from './github/action-io.js';
export * from './github/terraform-install.js';
