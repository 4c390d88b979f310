import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { clusterParams, reduceParams } from '../../src/shared/params';
import { addParamOptions, parseNumber, progressOption, readParams } from '../../src/cli/options';

describe('the CLI number parser', () => {
  it('reads numbers within a rule and names the flag otherwise', () => {
    expect(parseNumber('--n', '5', { integer: true, min: 1, max: 100 })).toBe(5);
    expect(parseNumber('--d', '0.25', { min: 0 })).toBe(0.25);
    expect(parseNumber('--e', 'inf', { infinity: true })).toBe(Infinity);
    expect(() => parseNumber('--n', '500', { integer: true, min: 1, max: 100 })).toThrow(
      '--n expects an integer from 1 to 100, got "500"',
    );
    expect(() => parseNumber('--n', '2.5', { integer: true, min: 1 })).toThrow(
      '--n expects an integer >= 1, got "2.5"',
    );
    expect(() => parseNumber('--s', '0', { above: 0 })).toThrow('--s expects a number > 0, got "0"');
    expect(() => parseNumber('--x', '', {})).toThrow('--x expects a number, got ""');
    expect(() => parseNumber('--x', 'inf', {})).toThrow();
  });
});

describe('options from a stage schema', () => {
  const parse = (argv: string[]) => {
    const cmd = new Command('t').exitOverride();
    addParamOptions(cmd, { ...reduceParams, ...clusterParams }, { flags: { seed: '--random-seed <n>' } });
    cmd.addOption(progressOption());
    cmd.parse(argv, { from: 'user' });
    return cmd;
  };

  it('names defaults in the help, sets none, and passes on only what was given', () => {
    const cmd = parse(['--neighbors', '30', '--assign-noise', 'inf', '--random-seed', '7']);
    expect(cmd.helpInformation()).toMatch(
      /--min-dist <d>\s+min_dist of the clustering layout \(default: 0\.1\)/,
    );
    expect(cmd.helpInformation()).toMatch(/--method <method>[\s\S]*\(default: leaf\)/);
    expect(cmd.opts().progress).toBe('auto');
    expect(
      readParams({ ...reduceParams, ...clusterParams }, cmd.opts(), { flags: { seed: '--random-seed <n>' } }),
    ).toEqual({ neighbors: 30, assignNoise: Infinity, seed: 7 });
  });

  it('checks limits when asked, and leaves them to the contract otherwise', () => {
    const cmd = parse(['--components', '500']);
    expect(readParams(reduceParams, cmd.opts())).toEqual({ components: 500 });
    expect(() => readParams(reduceParams, cmd.opts(), { limits: true })).toThrow(
      '--components expects an integer from 1 to 100, got "500"',
    );
    expect(() => parse(['--method', 'dbscan'])).toThrow();
    expect(() => readParams(clusterParams, parse(['--assign-noise', 'x']).opts())).toThrow(
      '--assign-noise must be embedding, none, inf or a positive number, got "x"',
    );
  });
});
