/**
 * Reads and parses one YAML file, turning every way that can fail into a FleetConfigError that
 * names the file: missing or unreadable, or a YAML syntax error with its line and column.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { FleetConfigError } from './FleetConfigError.ts';

export interface YamlFile {
  /** The file's text, for parsers (like @kubernetes/client-node's) that want it again. */
  text: string;
  /** The document as plain JavaScript values; null for an empty file. */
  value: unknown;
}

const READ_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'file not found',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory, not a file',
};

/** `what` starts every message: "kubeconfig /abs/path" or "fleet file /abs/path". */
export async function readYamlFile(path: string, what: string): Promise<YamlFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const problem = Object.hasOwn(READ_PROBLEMS, code) ? READ_PROBLEMS[code] : (e as Error).message;
    throw new FleetConfigError(`${what}: cannot read: ${problem}`);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    // yaml's message ends with a code frame after "at line L, column C:"; the first line is enough.
    const firstLine = (error.message.split('\n')[0] ?? error.message).replace(/:$/, '');
    throw new FleetConfigError(`${what}: YAML syntax error: ${firstLine}`);
  }
  try {
    return { text, value: doc.toJS() };
  } catch (e) {
    // toJS refuses documents whose aliases expand without bound ("billion laughs").
    throw new FleetConfigError(`${what}: cannot use the YAML: ${(e as Error).message}`);
  }
}
