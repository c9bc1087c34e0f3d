/** Import and export formats of the library (pure; the library service does the database side). */
export {
  CsvParser,
  parseCsv,
  readCsvRecords,
  csvField,
  csvLine,
  type CsvRecord,
  type CsvError,
} from './csv.ts';
export {
  parseImportLine,
  parseCsvHeader,
  type CsvHeader,
  type ImportFormat,
  type ImportProblem,
  type ImportLineResult,
} from './import-line.ts';
export { readImportBatches, readLineBatches, type ImportLineOutcome } from './import-reader.ts';
export {
  EXPORT_CSV_COLUMNS,
  exportCsvHeader,
  toCsvRow,
  toJsonlLine,
  type ExportClaim,
  type ExportRecord,
} from './export.ts';
export {
  toStixBundle,
  toStixIndicator,
  stixPattern,
  uuidV5,
  identityId,
  FANZHA_NAMESPACE,
  type StixBundle,
  type StixIndicator,
  type StixIdentity,
} from './stix.ts';
