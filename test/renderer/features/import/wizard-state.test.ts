import { describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../../../src/shared/contract';
import {
  applyPreview,
  importParams,
  initialWizard,
  isCurrent,
  previewKey,
  previewRequest,
  reachableSteps,
  readResult,
  resetMapping,
  sampleText,
  setMapping,
  setSource,
  setTemplate,
  stepProblems,
  templateProblem,
} from '../../../../src/renderer/features/import/wizard-state';
import type { WizardState } from '../../../../src/renderer/features/import/wizard-state';

function preview(over: Partial<ImportPreview> = {}): ImportPreview {
  return {
    path: '/data/papers.csv',
    file: 'papers.csv',
    format: 'csv',
    compressed: false,
    encoding: 'windows-1252',
    encodingNote: 'papers.csv:2: invalid UTF-8; read as windows-1252 instead',
    totalBytes: 1200,
    columns: ['key', 'name', 'summary', 'when'],
    rows: [
      { line: 2, values: {}, rejected: 'invalid JSON' },
      { line: 3, values: { key: 'k1', name: 'Alpha', summary: 'First.', when: '2020' }, rejected: null },
    ],
    suggestedMapping: { id: 'key', title: 'name', abstract: 'summary', year: 'when' },
    mapping: { id: 'key', title: 'name', abstract: 'summary', year: 'when' },
    textTemplate: '{title}:{abstract}',
    sampleText: 'Alpha:First.',
    templateProblem: null,
    validation: {
      checked: 3,
      accepted: 2,
      duplicates: 0,
      rejected: 1,
      rejections: [{ line: 2, reason: 'invalid JSON' }],
      complete: true,
      estimatedRows: null,
      mappingProblem: null,
      fatal: null,
    },
    ...over,
  };
}

/** The state after typing a path and receiving its preview. */
function previewed(over: Partial<ImportPreview> = {}): WizardState {
  const s = setSource(initialWizard(), { path: ' ~/papers.csv ' });
  return { ...applyPreview(s, preview(over), previewKey(s)), step: 'mapping' };
}

/** The mapping the preview fixture's columns (key, name, summary, when) detect to. */
const DETECTED_MAPPING = {
  id: 'key',
  title: 'name',
  abstract: 'summary',
  year: 'when',
  venue: '',
  authors: '',
  categories: '',
  url: '',
};

describe('the import wizard state', () => {
  it('needs a path before the preview, and a preview before the mapping step', () => {
    const s = initialWizard();
    expect(stepProblems(s, 'file')).toEqual(['Enter the path of a corpus file.']);
    expect(reachableSteps(s)).toEqual(['file']);
    const typed = setSource(s, { path: '/x.csv' });
    expect(stepProblems(typed, 'file')).toEqual([]);
    expect(stepProblems(typed, 'mapping')).toContain('Preview the file first.');
    expect(reachableSteps(typed)).toEqual(['file', 'mapping']);
    expect(previewRequest(typed)).toEqual({ path: '/x.csv', rows: 20 });
  });

  it('adopts the detected mapping and template from the preview, and the preview is then current', () => {
    const s = previewed();
    expect(s.mapping).toEqual(DETECTED_MAPPING);
    expect(s.textTemplate).toBe('{title}:{abstract}');
    expect(isCurrent(s)).toBe(true);
    expect(stepProblems(s, 'mapping')).toEqual([]);
    expect(stepProblems(s, 'validate')).toEqual([]);
    expect(reachableSteps(s)).toEqual(['file', 'mapping', 'validate']);
    expect(sampleText(s)).toBe('Alpha:First.');
  });

  it('moves a column from one field to another and makes the preview stale', () => {
    const s = setMapping(previewed(), 'abstract', 'name');
    expect(s.mapping.abstract).toBe('name');
    expect(s.mapping.title).toBe('');
    expect(s.mappingEdited).toBe(true);
    expect(isCurrent(s)).toBe(false);
    expect(stepProblems(s, 'validate')).toEqual(['Wait for the check of the current choices.']);
    // A chosen mapping is sent in full, '' meaning "not imported", and survives the next preview.
    expect(previewRequest(s).map).toMatchObject({ title: '', abstract: 'name', id: 'key' });
    const again = applyPreview(s, preview(), previewKey(s));
    expect(again.mapping.abstract).toBe('name');
    expect(isCurrent(again)).toBe(true);
    expect(sampleText(again)).toBe(':Alpha');
  });

  it('refuses a mapping without title and abstract, a bad template and a bad limit', () => {
    let s = setMapping(setMapping(previewed(), 'title', ''), 'abstract', '');
    expect(stepProblems(s, 'mapping')).toEqual(['Choose a column for the title or the abstract.']);
    expect(reachableSteps(s)).toEqual(['file', 'mapping']);
    s = setTemplate(setMapping(s, 'title', 'name'), '{title} {journal}');
    expect(templateProblem(s.textTemplate)).toMatch(/Unknown field \{journal\}/);
    expect(stepProblems(s, 'mapping')[0]).toMatch(/^Text template: Unknown field/);
    expect(sampleText(s)).toBeNull();
    s = { ...setTemplate(s, '{year}'), limit: '0' };
    expect(stepProblems(s, 'mapping')).toEqual([
      'Text template: Use {title} or {abstract}.',
      'Limit: A whole number above 0, or empty for every row.',
    ]);
    s = { ...setTemplate(s, '{title} ({year})'), limit: '500' };
    expect(stepProblems(s, 'mapping')).toEqual([]);
    expect(previewRequest(s).textTemplate).toBe('{title} ({year})');
  });

  it('resets to the detected columns', () => {
    const s = resetMapping(setMapping(previewed(), 'title', 'summary'));
    expect(s.mapping).toMatchObject({ title: 'name', abstract: 'summary' });
    expect(s.mappingEdited).toBe(false);
  });

  it('starts over with a new path but keeps the mapping when only the encoding changes', () => {
    const s = setMapping(previewed(), 'venue', 'when');
    const enc = setSource(s, { encoding: 'latin1' });
    expect(enc.mapping.venue).toBe('when');
    expect(isCurrent(enc)).toBe(false);
    const other = setSource(s, { path: '/other.jsonl' });
    expect(other.preview).toBeNull();
    expect(other.mapping.venue).toBe('');
    expect(other.mappingEdited).toBe(false);
  });

  it('blocks the import when the check finds nothing to import or a fatal problem', () => {
    const none = previewed({
      validation: { ...preview().validation, accepted: 0, duplicates: 0, rejected: 3 },
    });
    expect(stepProblems(none, 'validate')[0]).toMatch(/None of the rows checked would be imported/);
    const fatal = previewed({
      validation: { ...preview().validation, fatal: 'papers.csv:9: unclosed quote' },
    });
    expect(stepProblems(fatal, 'validate')).toEqual(['The import would stop: papers.csv:9: unclosed quote']);
    const dupes = previewed({ validation: { ...preview().validation, accepted: 0, duplicates: 3 } });
    expect(stepProblems(dupes, 'validate')).toEqual([]);
  });

  it('builds the job parameters from the resolved path, the detected encoding and the full mapping', () => {
    const s = { ...setTemplate(previewed(), '{title}'), limit: ' 250 ' };
    expect(importParams(s)).toEqual({
      path: '/data/papers.csv',
      format: 'csv',
      encoding: 'windows-1252',
      map: DETECTED_MAPPING,
      textTemplate: '{title}',
      limit: 250,
    });
    const parquet = previewed({ format: 'parquet', encoding: null });
    expect(importParams(parquet)).not.toHaveProperty('encoding');
    expect(importParams(parquet)).not.toHaveProperty('limit');
  });

  it('reads the job result defensively', () => {
    expect(readResult(null)).toBeNull();
    expect(readResult({ nope: 1 })).toBeNull();
    expect(
      readResult({
        imported: 5,
        duplicateIds: 1,
        duplicateTexts: 2,
        rejected: 1,
        rejections: [{ line: 4, reason: 'x' }],
      }),
    ).toMatchObject({ imported: 5, duplicateIds: 1, duplicateTexts: 2, rejected: 1, documents: 0 });
  });
});
