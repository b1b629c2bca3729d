export { buildLeadRow, type LeadRowMeta } from './lead-row.js';
export { LeadService, type LeadDuplicateReport, type LeadDuplicateHit } from './service.js';
export { leadRoutes } from './routes.js';
export { LeadStore, leadSortColumns, toLead } from './store.js';
