import { describe, expect, it } from 'vitest';
import { createEmbedder, parseModelSpec } from '../../../src/engine/embed';

describe('parseModelSpec', () => {
  it('reads use-lite, endpoints with an optional API model, and Hugging Face ids', () => {
    expect(parseModelSpec('use-lite')).toEqual({ backend: 'use-lite' });
    expect(parseModelSpec('http:http://127.0.0.1:8080')).toEqual({
      backend: 'http',
      url: 'http://127.0.0.1:8080',
    });
    expect(parseModelSpec('http:https://api.example.test/v1#text-embedding-3-small')).toEqual({
      backend: 'http',
      url: 'https://api.example.test/v1',
      model: 'text-embedding-3-small',
    });
    expect(parseModelSpec('http://localhost:11434')).toEqual({
      backend: 'http',
      url: 'http://localhost:11434',
    });
    expect(parseModelSpec('BAAI/bge-small-en-v1.5')).toEqual({
      backend: 'transformers',
      model: 'BAAI/bge-small-en-v1.5',
    });
    expect(() => parseModelSpec('http:nonsense')).toThrow(/needs a URL/);
    expect(() => parseModelSpec('two words')).toThrow(/Hugging Face model id/);
  });

  it('keys http sets by endpoint and API model', async () => {
    const e = await createEmbedder(parseModelSpec('http:http://127.0.0.1:9/v1#m'));
    expect(e).toMatchObject({
      model: 'http:http://127.0.0.1:9/v1/embeddings#m',
      revision: 'remote',
      dims: null,
    });
  });
});
