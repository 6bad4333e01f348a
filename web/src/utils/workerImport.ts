// Bulk import of worker files from CSV on the client: which files to send, how the server's
// answer of a refused file reads, and saving what the server sends back as a file.

/** The largest file the import takes (the server checks again: 413). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const TEMPLATE_FILE_NAME = '服务人员导入模板.csv';
export const REPORT_FILE_NAME = '导入错误报告.xlsx';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ImportFileProblem = 'notCsv' | 'tooLarge' | 'empty';

/** Why a chosen file is not sent (message key under workforce.import.), or null. */
export function importFileProblem(file: { name: string; size: number; type?: string }): ImportFileProblem | null {
  const csvName = /\.csv$/i.test(file.name);
  const csvType = !file.type || /^(text\/csv|text\/plain|application\/vnd\.ms-excel|application\/csv)$/i.test(file.type);
  if (!csvName || !csvType) return 'notCsv';
  if (file.size > MAX_IMPORT_BYTES) return 'tooLarge';
  if (file.size === 0) return 'empty';
  return null;
}

/** One problem of a refused file, as the server lists it (the value already masked). */
export interface ImportRowError {
  row: number;
  column: string;
  value: string;
  key: string;
  message: string;
}

export interface ImportRefusal {
  rows: number;
  errorCount: number;
  errors: ImportRowError[];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

/**
 * The details of a 422 workforce.import_rows_invalid ({rows, error_count, errors}) read defensively;
 * null for anything else. error_count may exceed the listed errors (the server lists the first ones).
 */
export function readRefusal(key: string, details: Record<string, unknown>): ImportRefusal | null {
  if (key !== 'workforce.import_rows_invalid') return null;
  const list = Array.isArray(details.errors) ? details.errors : [];
  const errors: ImportRowError[] = list
    .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    .map((e) => ({ row: num(e.row), column: str(e.column), value: str(e.value), key: str(e.key), message: str(e.message) || str(e.key) }));
  return { rows: num(details.rows), errorCount: Math.max(num(details.error_count), errors.length), errors };
}

/** Saves a blob under `name` through a temporary link. */
export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
