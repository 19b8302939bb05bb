/**
 * CSV records as Go's encoding/csv reads them with the settings kube-apiserver's token file uses
 * (comma separator, no comment character, variable fields per record, LazyQuotes off): RFC 4180
 * quoting (`"a,b"`, `""` for a quote, newlines inside quotes), `\r\n` read as `\n`, empty lines
 * skipped. Each record carries the line it starts on, for error messages.
 */
export interface CsvRecord {
  /** 1-based line of the record's first character. */
  line: number;
  fields: string[];
}

/** A malformed record: `line` and `column` (1-based) say where; the message never quotes content. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, readonly column: number, message: string) {
    super(message);
  }
}

export function parseCsv(input: string): CsvRecord[] {
  const text = input.replace(/\r\n/g, '\n');
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    // Go's reader skips empty lines.
    if (text[i] === '\n') {
      i++;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let lineStart = i;
    for (;;) {
      if (text[i] === '"') {
        // A quoted field: up to the closing quote, `""` standing for one quote.
        const column = i - lineStart + 1;
        i++;
        let value = '';
        for (;;) {
          if (i >= text.length) throw new CsvSyntaxError(start, column, 'a quoted field is not closed (missing ")');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') {
            line++;
            lineStart = i + 1;
          }
          value += c;
          i++;
        }
        fields.push(value);
        if (i < text.length && text[i] !== ',' && text[i] !== '\n') {
          throw new CsvSyntaxError(line, i - lineStart + 1, 'unexpected text after a closing quote (a quote inside a quoted field is written "")');
        }
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '\n') end++;
        const value = text.slice(i, end);
        const quote = value.indexOf('"');
        if (quote !== -1) throw new CsvSyntaxError(line, i - lineStart + quote + 1, 'a quote (") inside a field that does not start with one; quote the whole field and write the quote as ""');
        fields.push(value);
        i = end;
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      // End of the record: a newline or the end of the input.
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push({ line: start, fields });
  }
  return records;
}
