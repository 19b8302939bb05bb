/**
 * Printers of the configuration kinds: ConfigMaps and Secrets (their key counts).
 */

import { obj, str } from '../obj.ts';
import { age, nameOf } from './cells.ts';
import type { Printer } from './printer.ts';
import { AGE, col, NAME } from './printer.ts';

export const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'string', "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."), AGE],
  cells: (cm, now) => [nameOf(cm), Object.keys(obj(cm['data'])).length + Object.keys(obj(cm['binaryData'])).length, age(cm, now)],
};

export const secretPrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    col('Data', 'string', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    AGE,
  ],
  cells: (s, now) => [nameOf(s), str(s['type']), Object.keys(obj(s['data'])).length, age(s, now)],
};
