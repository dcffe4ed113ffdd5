/** `--name value` and `--flag` arguments of the bench scripts. */
export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      args.set(a.slice(2), next);
      i++;
    } else args.set(a.slice(2), 'true');
  }
  return args;
}

export const sizes = { S: 10_000, M: 100_000, L: 1_000_000, XL: 5_500_000 } as const;
export type Size = keyof typeof sizes;

export function sizeOf(text: string | undefined): Size {
  const s = (text ?? 'S').toUpperCase();
  if (!(s in sizes)) throw new Error(`--size must be one of ${Object.keys(sizes).join(', ')}`);
  return s as Size;
}
