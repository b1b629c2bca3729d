export { AuditService, toAuditEntry, type AuditEntryView } from './service.js';
export { auditRoutes } from './routes.js';
