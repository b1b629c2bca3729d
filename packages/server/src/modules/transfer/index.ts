export {
  ImportService, type ImportOptions, type ImportResult, type ImportSummary, type RowError, type DuplicateRow,
} from './import-service.js';
export { ExportService, type ExportFilters } from './export-service.js';
export { errorReport } from './error-report.js';
export { importKinds, type ImportKind } from './import-fields.js';
export { exportKinds, type ExportKind } from './export-columns.js';
export { detectFormat, type SheetFormat } from './sheet-reader.js';
export { transferRoutes } from './routes.js';
export { labelOf } from './vocabulary.js';
