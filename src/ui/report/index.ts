/**
 * The report's writers, pure: rows in, file contents out (cases.csv, orders.csv, metrics.csv,
 * report.html). Writing the files, reading the rows and rendering the charts is the caller's.
 */
export { neutraliseFormula, toCsv, type CsvColumn, type CsvValue } from './csv.js';
export {
  casesCsv,
  metricsCsv,
  ordersCsv,
  type CaseReportRow,
  type ClockBreach,
  type MetricReportRow,
  type OrderReportRow,
} from './csv-files.js';
export { escapeHtml, reportHtml, type ReportChart, type ReportHtmlInput, type ReportTable } from './html.js';
