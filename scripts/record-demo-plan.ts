// Re-records examples/demo/infra (terraform.tfstate, objects/) and examples/demo/recorded-plan.json with
// real terraform and the jsonfile test provider, offline: npx tsx scripts/record-demo-plan.ts
import { recordDemo } from '../test/support/demo-plan.js';

recordDemo();
console.log('recorded examples/demo/infra/terraform.tfstate, infra/objects/ and recorded-plan.json');
