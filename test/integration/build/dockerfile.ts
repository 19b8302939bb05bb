/**
 * The project's Dockerfile read into stages of instructions, for the test that runs its steps
 * outside a container engine. Only the subset the Dockerfile uses is understood; anything else
 * is an error naming the line, so a new instruction cannot be silently skipped by the test.
 */

export type Instruction =
  | { kind: 'WORKDIR'; line: number; path: string }
  | { kind: 'COPY'; line: number; from?: string; chown?: string; sources: string[]; dest: string }
  | { kind: 'RUN'; line: number; mounts: string[]; command: string }
  | { kind: 'ENV'; line: number; vars: Record<string, string> }
  | { kind: 'USER'; line: number; user: string }
  | { kind: 'EXPOSE'; line: number; ports: string[] }
  | { kind: 'HEALTHCHECK'; line: number; options: Record<string, string>; command: string[] }
  | { kind: 'ENTRYPOINT'; line: number; command: string[] };

export interface Stage {
  /** The `AS` name. */
  name: string;
  /** The base image, as written after FROM. */
  image: string;
  line: number;
  steps: Instruction[];
}

/** `--name=value` flags at the start of an instruction's arguments, and what follows them. */
function splitFlags(rest: string): { flags: Array<[string, string]>; args: string } {
  const flags: Array<[string, string]> = [];
  let args = rest.trim();
  for (let m = /^--([a-z-]+)=(\S+)\s+/.exec(args); m; m = /^--([a-z-]+)=(\S+)\s+/.exec(args)) {
    flags.push([m[1]!, m[2]!]);
    args = args.slice(m[0].length);
  }
  return { flags, args };
}

function jsonArray(text: string, where: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${where}: expected the exec form, a JSON array of strings, got ${text}`);
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string')) throw new Error(`${where}: expected a non-empty JSON array of strings`);
  return v as string[];
}

/** Logical lines: comments dropped, `\` continuations joined, each with its first line number. */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let current: { line: number; text: string } | undefined;
  text.split('\n').forEach((raw, i) => {
    const trimmed = raw.trim();
    // Docker drops comment lines, also in the middle of a continued instruction.
    if (trimmed.startsWith('#')) return;
    if (current === undefined) {
      if (trimmed === '') return;
      current = { line: i + 1, text: '' };
    }
    if (trimmed.endsWith('\\')) {
      current.text += `${trimmed.slice(0, -1).trim()} `;
      return;
    }
    current.text += trimmed;
    out.push(current);
    current = undefined;
  });
  if (current !== undefined) throw new Error(`Dockerfile line ${current.line}: the instruction ends with a continuation`);
  return out;
}

export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const { line, text: l } of logicalLines(text)) {
    const m = /^([A-Za-z]+)\s+(.*)$/.exec(l);
    if (!m) throw new Error(`Dockerfile line ${line}: cannot read ${JSON.stringify(l)}`);
    const kind = m[1]!.toUpperCase();
    const rest = m[2]!;
    const where = `Dockerfile line ${line} (${kind})`;
    if (kind === 'FROM') {
      const from = /^(\S+)\s+AS\s+([a-z][a-z0-9_.-]*)$/i.exec(rest);
      if (!from) throw new Error(`${where}: expected "FROM image AS name"`);
      stages.push({ image: from[1]!, name: from[2]!, line, steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${where}: before the first FROM`);
    const { flags, args } = splitFlags(rest);
    const flag = (name: string): string | undefined => flags.find(([n]) => n === name)?.[1];
    const onlyFlags = (allowed: string[]): void => {
      const unknown = flags.filter(([n]) => !allowed.includes(n)).map(([n]) => `--${n}`);
      if (unknown.length > 0) throw new Error(`${where}: the test does not know ${unknown.join(', ')}`);
    };
    switch (kind) {
      case 'WORKDIR':
        onlyFlags([]);
        stage.steps.push({ kind, line, path: args });
        break;
      case 'COPY': {
        onlyFlags(['from', 'chown']);
        if (args.startsWith('[')) throw new Error(`${where}: the JSON form is not understood by the test`);
        const words = args.split(/\s+/);
        if (words.length < 2) throw new Error(`${where}: expected sources and a destination`);
        if (words.some((w) => /[*?[]/.test(w))) throw new Error(`${where}: wildcards are not understood by the test`);
        const from = flag('from');
        const chown = flag('chown');
        stage.steps.push({ kind, line, sources: words.slice(0, -1), dest: words.at(-1)!, ...(from ? { from } : {}), ...(chown ? { chown } : {}) });
        break;
      }
      case 'RUN': {
        onlyFlags(['mount']);
        const mounts = flags.map(([, v]) => v);
        // A cache mount only keeps a download cache between builds: outside a container the
        // machine's npm cache plays that part. Any other mount changes what the step sees.
        for (const mount of mounts) if (!mount.split(',').includes('type=cache')) throw new Error(`${where}: only --mount=type=cache is understood by the test, got ${mount}`);
        if (args.startsWith('[')) throw new Error(`${where}: write RUN in shell form`);
        stage.steps.push({ kind, line, mounts, command: args });
        break;
      }
      case 'ENV': {
        onlyFlags([]);
        const vars: Record<string, string> = {};
        for (const pair of args.split(/\s+/)) {
          const kv = /^([A-Za-z_][A-Za-z0-9_]*)=([^"'$\s]*)$/.exec(pair);
          if (!kv) throw new Error(`${where}: expected KEY=value pairs without quotes or variables, got ${pair}`);
          vars[kv[1]!] = kv[2]!;
        }
        stage.steps.push({ kind, line, vars });
        break;
      }
      case 'USER':
        onlyFlags([]);
        stage.steps.push({ kind, line, user: args });
        break;
      case 'EXPOSE':
        onlyFlags([]);
        stage.steps.push({ kind, line, ports: args.split(/\s+/) });
        break;
      case 'HEALTHCHECK': {
        const cmd = /^CMD\s+(\[.*\])$/.exec(args);
        if (!cmd) throw new Error(`${where}: expected HEALTHCHECK [options] CMD [...] (exec form)`);
        stage.steps.push({ kind, line, options: Object.fromEntries(flags), command: jsonArray(cmd[1]!, where) });
        break;
      }
      case 'ENTRYPOINT':
        stage.steps.push({ kind, line, command: jsonArray(rest, where) });
        break;
      default:
        throw new Error(`${where}: the Dockerfile test does not understand ${kind}; teach test/integration/build/dockerfile.ts`);
    }
  }
  return stages;
}
