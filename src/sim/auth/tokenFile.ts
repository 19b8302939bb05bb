/**
 * kube-apiserver's static token file (`--token-auth-file`), for `npm run sim -- --users FILE`:
 * CSV lines `token,user,uid[,"group1,group2"]`, a group list in one quoted field. Bad lines fail
 * with the line number and what is wrong, never silently.
 */
import type { SimUser } from '../cluster/SimCluster.ts';

/** One CSV record: commas separate fields; a field in double quotes may hold commas and `""`. */
function csvFields(line: string, lineNo: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`token file line ${lineNo}: unterminated quoted field`);
        if (line[i] === '"') {
          if (line[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += line[i++];
      }
      if (i < line.length && line[i] !== ',') throw new Error(`token file line ${lineNo}: text after a closing quote`);
    } else {
      const end = line.indexOf(',', i);
      field = end === -1 ? line.slice(i) : line.slice(i, end);
      i = end === -1 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

export function parseTokenFile(text: string): SimUser[] {
  const users: SimUser[] = [];
  const seen = new Set<string>();
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') return;
    const fields = csvFields(raw, lineNo);
    if (fields.length < 3) throw new Error(`token file line ${lineNo}: needs at least 3 columns (token, user name, unique user id), found ${fields.length}`);
    const [token, user, uid, groups] = fields as [string, string, string, string | undefined];
    if (token === '' || /\s/.test(token)) throw new Error(`token file line ${lineNo}: the token must be non-empty without whitespace`);
    if (user === '') throw new Error(`token file line ${lineNo}: the user name is empty`);
    if (seen.has(token)) throw new Error(`token file line ${lineNo}: the token is used twice`);
    seen.add(token);
    users.push({ token, user, uid, groups: (groups ?? '').split(',').map((g) => g.trim()).filter(Boolean) });
  });
  return users;
}
