import { describe, expect, it } from 'vitest';
import { previewRequest } from '../test/route-fixtures';
import { runCli, type CliIo } from './run-cli';

/** An io whose stdin is `input`; no database is configured that the inline lines would need. */
function io(input: string) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    isInteractive: false,
    ask: async () => '',
    readInput: async () => input,
  };
  return { cli, out, err };
}

describe('bangfu assess', () => {
  it('assesses a file that carries its lines, as JSON', async () => {
    const { cli, out, err } = io(JSON.stringify(previewRequest));
    expect(await runCli(['assess', '--json'], cli)).toBe(0);
    expect(err).toEqual([]);
    const result = JSON.parse(out.join('\n'));
    expect(result).toMatchObject({
      category: 'deep',
      perCapitaMonthlyFen: 50_000,
      policyVersionId: 'national-2019',
    });
  });

  it('prints a readable trace', async () => {
    const { cli, out } = io(JSON.stringify(previewRequest));
    expect(await runCli(['assess', '--as-of', '2024-07-01'], cli)).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('深度困难');
    expect(text).toContain('2024-07-01');
    expect(text).toContain('¥500.00');
  });

  it('exits 1 naming the field of invalid input', async () => {
    const bad = structuredClone(previewRequest);
    bad.household.members[0]!.birthDate = '1980-02-30';
    const { cli, err } = io(JSON.stringify(bad));
    expect(await runCli(['assess'], cli)).toBe(1);
    expect(err.join('\n')).toContain('household.members.0.birthDate');
  });

  it('exits 1 on text that is not JSON', async () => {
    const { cli, err } = io('{ nope');
    expect(await runCli(['assess'], cli)).toBe(1);
    expect(err.join('\n')).toContain('not JSON');
  });
});
