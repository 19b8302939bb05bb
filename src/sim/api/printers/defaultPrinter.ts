/**
 * The printer for kinds without their own: kube's default table convertor.
 */

import { obj } from '../obj.ts';
import { parseTime } from './humanDuration.ts';
import { nameOf } from './cells.ts';
import type { Printer } from './printer.ts';
import { col, D, NAME } from './printer.ts';

/** rest.NewDefaultTableConvertor: Name and the creation time in RFC 3339 (UTC). */
export const defaultPrinter: Printer = {
  columns: [NAME, col('Created At', 'date', D.created)],
  cells(o) {
    const t = parseTime(obj(o['metadata'])['creationTimestamp']);
    return [nameOf(o), t === undefined ? '' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')];
  },
};
