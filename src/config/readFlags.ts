/**
 * argv → the flags given, each with its raw value, or a ConfigError for anything that is not a
 * known flag used once with the right kind of value. util.parseArgs does the splitting
 * (`--a=b`, `--a b`, `-h`); it runs non-strict so the messages here can name the flag and echo
 * the input rather than surface parseArgs' generic ones.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from './ConfigError.ts';
import { FLAGS } from './flags.ts';

/** Raw values by long flag name; `true` for a boolean flag that was given; every value, in order, for a repeatable flag. */
export type GivenFlags = ReadonlyMap<string, string | true | readonly string[]>;

const q = (s: string): string => JSON.stringify(s);

export function readFlags(argv: readonly string[]): GivenFlags {
  const options = Object.fromEntries(FLAGS.map((f) => [f.name, f.short === undefined ? { type: f.type } : { type: f.type, short: f.short }]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  // Help wins over any mistake beside it, including `--port --help`, where --help is taken as
  // --port's value: whoever typed it wants to read about the flags, not about that mistake.
  const wantsHelp = tokens.some((t) => t.kind === 'option' && (t.name === 'help' || (!t.inlineValue && (t.value === '--help' || t.value === '-h'))));
  if (wantsHelp) return new Map([['help', true]]);
  const given = new Map<string, string | true | string[]>();
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') throw new ConfigError(`unexpected argument ${q(t.value)}: fleetgraph takes only flags (see --help)`);
    const spec = FLAGS.find((f) => f.name === t.name);
    if (spec === undefined) throw new ConfigError(`unknown flag ${t.rawName} (see --help)`);
    const flag = `--${spec.name}`;
    const earlier = given.get(spec.name);
    if (earlier !== undefined && spec.repeatable !== true) {
      const values = typeof earlier === 'string' && t.value !== undefined ? ` (${q(earlier)}, then ${q(t.value)})` : '';
      throw new ConfigError(`${flag} is given more than once${values}`);
    }
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new ConfigError(`${flag} takes no value, got ${q(t.value)}`);
      given.set(spec.name, true);
      continue;
    }
    if (t.value === undefined) throw new ConfigError(`${flag} needs a value`);
    // Non-strict parseArgs takes the next argument whatever it is; `--port --help` is a
    // forgotten value far more often than a value that starts with "-". A lone "-" is no flag
    // (`--oidc-user-prefix -` means "no prefix", as in kube-apiserver).
    if (!t.inlineValue && t.value.startsWith('-') && t.value !== '-') {
      throw new ConfigError(`${flag} needs a value, got the flag ${q(t.value)} (write ${flag}=${t.value} if that is the value)`);
    }
    if (spec.repeatable === true) given.set(spec.name, [...(Array.isArray(earlier) ? earlier : []), t.value]);
    else given.set(spec.name, t.value);
  }
  return given;
}
