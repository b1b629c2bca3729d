export { buildLeadRow, type LeadRowMeta } from './lead-row.js';
export { LeadService, type LeadDuplicateReport, type LeadDuplicateHit } from './service.js';
export { leadRoutes } from './routes.js';
export { toLead } from './store.js';
