/**
 * `.dockerignore` as Docker reads it (moby's patternmatcher), for the Dockerfile test: one
 * pattern a line, `#` comments, `!` re-includes, `*` and `?` within one path segment, `**` across
 * segments. A path is left out of the build context when the last pattern matching it or one of
 * its parent folders is not a `!` pattern. Character classes (`[...]`) are not understood: such a
 * pattern is an error here rather than a silent difference from Docker.
 */

interface Rule {
  negated: boolean;
  regex: RegExp;
}

function toRegex(pattern: string, source: string): RegExp {
  if (/[[\]\\]/.test(pattern)) throw new Error(`.dockerignore: ${JSON.stringify(source)}: character classes and escapes are not understood by the test`);
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more whole folders; a trailing `**` matches everything below.
      if (pattern[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseDockerignore(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split('\n')) {
    let p = raw.trim();
    if (p === '' || p.startsWith('#')) continue;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1).trim();
    // Docker cleans each pattern like a path and ignores a leading slash.
    p = p.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\/\.(?=\/|$)/g, '');
    if (p === '') continue;
    rules.push({ negated, regex: toRegex(p, raw.trim()) });
  }
  return rules;
}

/** True when `path` (relative to the build context, `/`-separated) is left out of it. */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  const parts = path.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some((c) => rule.regex.test(c))) ignored = !rule.negated;
  }
  return ignored;
}
