/**
 * A person's name partially masked by the usual convention of notices and
 * lists seen outside the keeping node: the first and the last character stay,
 * those between become `*` (张建国 → 张*国, 欧阳明华 → 欧**华); a two-character
 * name keeps its first (张三 → 张*).
 */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.join('');
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}
