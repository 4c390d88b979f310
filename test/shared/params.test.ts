import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  buildParamsSchema,
  labelJobParamsSchema,
  quantizeJobParamsSchema,
  requests,
} from '../../src/shared/contract';
import {
  buildParams,
  categoriesFor,
  CHAT_PROVIDERS,
  DEFAULTS,
  defaultMinClusterSize,
  LABEL_PROVIDERS,
  TAXONOMY_PROVIDERS,
  zodParams,
} from '../../src/shared/params';
import type { Param } from '../../src/shared/params';

describe('the stage parameter schemas', () => {
  it("hold the case study's defaults, each once", () => {
    expect(DEFAULTS).toMatchObject({
      precision: 'float32',
      calibration: 10_000,
      components: 5,
      neighbors: 100,
      minDist: 0.1,
      mapNeighbors: 15,
      mapMinDist: 0.1,
      seed: 42,
      method: 'leaf',
      assignNoise: 'embedding',
      provider: 'keywords',
      sample: 25,
      concurrency: 4,
    });
    // A computed default is named, with the one function that computes it, and has no fixed value.
    for (const [name, p] of Object.entries(buildParams) as [string, Param][])
      if (p.auto) {
        expect(p.default, name).toBeUndefined();
        expect(p.by, name).toBeTruthy();
      }
    expect(defaultMinClusterSize(25_000)).toBe(86);
    expect(categoriesFor(35)).toBe(7);
  });

  it('share one list of chat providers', () => {
    expect(CHAT_PROVIDERS).toEqual(['mistral', 'anthropic', 'openai']);
    expect(LABEL_PROVIDERS).toEqual(['keywords', ...CHAT_PROVIDERS]);
    expect(TAXONOMY_PROVIDERS).toEqual(['offline', ...CHAT_PROVIDERS]);
    const regenerate = requests['topics:regenerate'].input;
    expect(regenerate.safeParse({ runId: 1, clusterId: 0, provider: 'openai' }).success).toBe(true);
    expect(regenerate.safeParse({ runId: 1, clusterId: 0, provider: 'offline' }).success).toBe(false);
  });

  it('make the contract check the build params as before', () => {
    const ok = buildParamsSchema.safeParse({
      corpus: 'papers.jsonl',
      limit: 10,
      workers: 64,
      components: 100,
      minDist: 0,
      assignNoise: 2.5,
      provider: 'mistral',
      baseUrl: 'http://127.0.0.1:8080/v1',
      taxonomyProvider: 'offline',
      categories: 50,
      force: true,
    });
    expect(ok.success).toBe(true);
    for (const bad of [
      { components: 101 },
      { neighbors: 1 },
      { workers: 65 },
      { sample: 2.5 },
      { minDist: -1 },
      { corpus: '' },
      { baseUrl: 'not a url' },
      { provider: 'offline' },
      { taxonomyProvider: 'keywords' },
      { assignNoise: 0 },
      { unknown: 1 },
    ])
      expect(buildParamsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('give every value of a schema an optional, strict zod field', () => {
    const schema = zodParams({
      n: { type: 'integer', min: 1, max: 3, help: 'n' },
      on: { type: 'flag', help: 'on' },
    });
    expect(schema.safeParse({}).success).toBe(true);
    expect(schema.safeParse({ n: 3, on: true }).success).toBe(true);
    expect(schema.safeParse({ n: 4 }).success).toBe(false);
    expect(schema.safeParse({ other: 1 }).success).toBe(false);
  });

  it('refuse params without a required value, and check the extra fields given', () => {
    const schema = zodParams(
      { precision: { type: 'choice', choices: ['int8', 'binary'], required: true, help: 'p' } },
      { ids: z.array(z.number().int()).min(1) },
    );
    expect(schema.safeParse({ precision: 'int8' }).success).toBe(true);
    expect(schema.safeParse({ precision: 'int8', ids: [1, 2] }).success).toBe(true);
    expect(schema.safeParse({}).success).toBe(false);
    expect(schema.safeParse({ precision: 'int8', ids: [] }).success).toBe(false);
    expect(schema.safeParse({ precision: 'int8', ids: [1.5] }).success).toBe(false);
    expect(quantizeJobParamsSchema.safeParse({ calibration: 100 }).success).toBe(false);
    expect(labelJobParamsSchema.safeParse({ clusters: [0, 3], sample: 10 }).success).toBe(true);
  });
});

describe('noise assignment in the build params', () => {
  it('takes a mode, a number of radii, or Infinity (all) as the command line gives it', () => {
    for (const assignNoise of ['embedding', 'none', 2, Infinity])
      expect(buildParamsSchema.safeParse({ assignNoise }).success, String(assignNoise)).toBe(true);
    for (const assignNoise of [0, -1, 'all', -Infinity])
      expect(buildParamsSchema.safeParse({ assignNoise }).success, String(assignNoise)).toBe(false);
  });
});
