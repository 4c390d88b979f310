// Writes a BERT-architecture model folder (config.json, tokenizer.json, tokenizer_config.json,
// onnx/model.onnx) with seeded random weights, so the transformers backend can run offline. The ONNX
// file is encoded by hand: a protobuf message is a list of (field number, wire type, value) records.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// ---- minimal protobuf encoder (wire types 0 = varint, 2 = length-delimited, 5 = 32-bit) ----
type Field = Uint8Array;
const varint = (n: number | bigint): number[] => {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const tag = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number | bigint): Field => Uint8Array.from([...tag(field, 0), ...varint(n)]);
const bytes = (field: number, data: Uint8Array): Field => {
  const head = Uint8Array.from([...tag(field, 2), ...varint(data.length)]);
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
};
const str = (field: number, s: string): Field => bytes(field, new TextEncoder().encode(s));
const float = (field: number, f: number): Field => {
  const b = new Uint8Array(5);
  b.set(tag(field, 5));
  new DataView(b.buffer).setFloat32(1, f, true);
  return b;
};
const msg = (...fields: Field[]): Uint8Array => {
  const out = new Uint8Array(fields.reduce((s, f) => s + f.length, 0));
  let o = 0;
  for (const f of fields) {
    out.set(f, o);
    o += f.length;
  }
  return out;
};

// ---- ONNX messages (field numbers from onnx.proto) ----
const FLOAT = 1;
const INT64 = 7;
type Attr = { name: string; i?: number; f?: number; ints?: number[] };
const attribute = (a: Attr): Uint8Array =>
  msg(
    str(1, a.name),
    ...(a.f !== undefined ? [float(2, a.f), int(20, 1)] : []),
    ...(a.i !== undefined ? [int(3, a.i), int(20, 2)] : []),
    ...(a.ints ? [...a.ints.map((v) => int(8, v)), int(20, 7)] : []),
  );
const tensor = (name: string, dims: number[], type: number, raw: Uint8Array): Uint8Array =>
  msg(...dims.map((d) => int(1, d)), int(2, type), str(8, name), bytes(9, raw));
const valueInfo = (name: string, type: number, dims: (number | string)[]): Uint8Array =>
  msg(
    str(1, name),
    bytes(
      2,
      msg(
        bytes(
          1,
          msg(
            int(1, type),
            bytes(2, msg(...dims.map((d) => bytes(1, typeof d === 'number' ? int(1, d) : str(2, d))))),
          ),
        ),
      ),
    ),
  );

class Graph {
  nodes: Uint8Array[] = [];
  inits: Uint8Array[] = [];
  private n = 0;
  /** Adds a node; returns its (first) output name. */
  op(type: string, inputs: string[], attrs: Attr[] = [], outputs = 1): string {
    const outs = Array.from({ length: outputs }, (_, i) => `${type.toLowerCase()}_${this.n}_${i}`);
    this.nodes.push(
      msg(
        ...inputs.map((i) => str(1, i)),
        ...outs.map((o) => str(2, o)),
        str(3, `${type}_${this.n++}`),
        str(4, type),
        ...attrs.map((a) => bytes(5, attribute(a))),
      ),
    );
    return outs[0]!;
  }
  floats(name: string, dims: number[], values: Float32Array): string {
    this.inits.push(
      tensor(name, dims, FLOAT, new Uint8Array(values.buffer, values.byteOffset, values.byteLength)),
    );
    return name;
  }
  ints(name: string, values: number[]): string {
    const b = new BigInt64Array(values.map((v) => BigInt(v)));
    this.inits.push(tensor(name, [values.length], INT64, new Uint8Array(b.buffer)));
    return name;
  }
  scalar(name: string, v: number): string {
    this.inits.push(tensor(name, [], FLOAT, new Uint8Array(Float32Array.of(v).buffer)));
    return name;
  }
}

/** mulberry32: a small seeded PRNG. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export type TinyBertOptions = {
  layers?: number;
  hidden?: number;
  heads?: number;
  intermediate?: number;
  maxPositions?: number;
  /** Whole words added to the vocabulary besides characters and `##` pieces. */
  words?: string[];
  seed?: number;
};

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const PUNCT = '.,:;!?()[]{}-_\'"/\\+*=<>%&$#@^~`|'.split('');
const WORDS =
  'the of and to in a is for we that on with this by are as an be model models language neural learning data from our task which translation attention network networks machine text speech'.split(
    ' ',
  );

/**
 * Writes the model folder under `dir` and returns it. Defaults are tiny (2 layers, 32 hidden);
 * `{ layers: 12, hidden: 768, heads: 12, intermediate: 3072 }` is sized like BERT-base.
 */
export function writeTinyBert(dir: string, options: TinyBertOptions = {}): string {
  const L = options.layers ?? 2;
  const H = options.hidden ?? 32;
  const NH = options.heads ?? 4;
  const FF = options.intermediate ?? 64;
  const P = options.maxPositions ?? 512;
  const HD = H / NH;
  const random = rng(options.seed ?? 42);
  const vocab = [
    ...new Set([
      ...SPECIAL,
      ...PUNCT,
      ...CHARS,
      ...CHARS.map((c) => `##${c}`),
      ...WORDS,
      ...(options.words ?? []),
    ]),
  ];
  const V = vocab.length;
  // Uniform with BERT's initializer standard deviation (0.02).
  const weights = (n: number, scale = 0.02 * Math.sqrt(3)) =>
    Float32Array.from({ length: n }, () => (random() * 2 - 1) * scale);
  const ones = (n: number) => new Float32Array(n).fill(1);
  const zeros = (n: number) => new Float32Array(n);

  const g = new Graph();
  const layerNorm = (x: string, p: string) =>
    g.op(
      'LayerNormalization',
      [x, g.floats(`${p}.weight`, [H], ones(H)), g.floats(`${p}.bias`, [H], zeros(H))],
      [
        { name: 'axis', i: -1 },
        { name: 'epsilon', f: 1e-12 },
      ],
    );
  const linear = (x: string, p: string, inDim: number, outDim: number) =>
    g.op('Add', [
      g.op('MatMul', [x, g.floats(`${p}.weight`, [inDim, outDim], weights(inDim * outDim))]),
      g.floats(`${p}.bias`, [outDim], weights(outDim)),
    ]);

  // Embeddings: word + position + token type, then LayerNorm.
  const word = g.op('Gather', [g.floats('embeddings.word', [V, H], weights(V * H)), 'input_ids']);
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), g.ints('one_index', [1])]);
  const positions = g.op('Range', [
    g.op('Squeeze', [g.ints('zero_i', [0])]),
    g.op('Squeeze', [seqLen]),
    g.op('Squeeze', [g.ints('one_i', [1])]),
  ]);
  const pos = g.op('Gather', [g.floats('embeddings.position', [P, H], weights(P * H)), positions]);
  const type = g.op('Gather', [g.floats('embeddings.token_type', [2, H], weights(2 * H)), 'token_type_ids']);
  let x = layerNorm(g.op('Add', [g.op('Add', [word, pos]), type]), 'embeddings.ln');

  // Additive mask: 0 for real tokens, -10000 for padding, shaped [b, 1, 1, s].
  const maskF = g.op('Cast', ['attention_mask'], [{ name: 'to', i: FLOAT }]);
  const ext = g.op('Unsqueeze', [
    g.op('Mul', [g.op('Sub', [g.scalar('one_f', 1), maskF]), g.scalar('neg_big', -10000)]),
    g.ints('mask_axes', [1, 2]),
  ]);
  const heads = g.ints('heads_shape', [0, 0, NH, HD]);
  const merged = g.ints('merged_shape', [0, 0, H]);
  const scale = g.scalar('attn_scale', 1 / Math.sqrt(HD));
  const sqrt2 = g.scalar('sqrt2', Math.SQRT2);
  const half = g.scalar('half', 0.5);

  for (let l = 0; l < L; l++) {
    const p = `layer.${l}`;
    const split = (name: string, perm: number[]) =>
      g.op(
        'Transpose',
        [g.op('Reshape', [linear(x, `${p}.${name}`, H, H), heads])],
        [{ name: 'perm', ints: perm }],
      );
    const q = split('query', [0, 2, 1, 3]);
    const k = split('key', [0, 2, 3, 1]);
    const v = split('value', [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), scale]), ext]);
    const probs = g.op('Softmax', [scores], [{ name: 'axis', i: -1 }]);
    const ctx = g.op('Reshape', [
      g.op('Transpose', [g.op('MatMul', [probs, v])], [{ name: 'perm', ints: [0, 2, 1, 3] }]),
      merged,
    ]);
    const attn = layerNorm(g.op('Add', [linear(ctx, `${p}.attention.output`, H, H), x]), `${p}.attention.ln`);
    const inter = linear(attn, `${p}.intermediate`, H, FF);
    // GELU(x) = x * 0.5 * (1 + erf(x / sqrt 2)), the exact form BERT uses.
    const gelu = g.op('Mul', [
      g.op('Mul', [inter, half]),
      g.op('Add', [g.scalar(`${p}.one`, 1), g.op('Erf', [g.op('Div', [inter, sqrt2])])]),
    ]);
    x = layerNorm(g.op('Add', [linear(gelu, `${p}.output`, FF, H), attn]), `${p}.output.ln`);
  }
  g.nodes.push(msg(str(1, x), str(2, 'last_hidden_state'), str(3, 'output_identity'), str(4, 'Identity')));

  const graph = msg(
    ...g.nodes.map((n) => bytes(1, n)),
    str(2, 'tiny_bert'),
    ...g.inits.map((t) => bytes(5, t)),
    ...['input_ids', 'attention_mask', 'token_type_ids'].map((n) =>
      bytes(11, valueInfo(n, INT64, ['batch_size', 'sequence_length'])),
    ),
    bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch_size', 'sequence_length', H])),
  );
  const model = msg(
    int(1, 8),
    str(2, 'taxonomist-test'),
    bytes(7, graph),
    bytes(8, msg(str(1, ''), int(2, 17))),
  );

  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'model.onnx'), model);
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      _name_or_path: 'test/tiny-bert',
      model_type: 'bert',
      architectures: ['BertModel'],
      hidden_size: H,
      num_attention_heads: NH,
      num_hidden_layers: L,
      intermediate_size: FF,
      max_position_embeddings: P,
      type_vocab_size: 2,
      vocab_size: V,
    }),
  );
  const id = (t: string) => vocab.indexOf(t);
  writeFileSync(
    join(dir, 'tokenizer.json'),
    JSON.stringify({
      version: '1.0',
      truncation: null,
      padding: null,
      added_tokens: SPECIAL.map((t, i) => ({
        id: i,
        content: t,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: {
        type: 'BertNormalizer',
        clean_text: true,
        handle_chinese_chars: true,
        strip_accents: null,
        lowercase: true,
      },
      pre_tokenizer: { type: 'BertPreTokenizer' },
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
        ],
        pair: [
          { SpecialToken: { id: '[CLS]', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '[SEP]', type_id: 0 } },
          { Sequence: { id: 'B', type_id: 1 } },
          { SpecialToken: { id: '[SEP]', type_id: 1 } },
        ],
        special_tokens: {
          '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
          '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
        },
      },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: {
        type: 'WordPiece',
        unk_token: '[UNK]',
        continuing_subword_prefix: '##',
        max_input_chars_per_word: 100,
        vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      },
    }),
  );
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: P,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  return dir;
}
