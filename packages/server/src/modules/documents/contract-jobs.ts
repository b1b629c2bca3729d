/** The contracts' background work: an approval step waiting too long escalates to the approver's manager. */
import type { Jobs } from '../../platform/jobs/index.js';
import { escalationKind, type ContractService } from './contracts-service.js';

export function registerContractJobs(jobs: Jobs, contracts: ContractService): void {
  jobs.timers.on(escalationKind, (timer, ctx) => contracts.escalate(timer, ctx));
}
