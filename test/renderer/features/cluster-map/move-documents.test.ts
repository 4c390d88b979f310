import { describe, expect, it } from 'vitest';
import { moveButtonText, moveSummary } from '../../../../src/renderer/features/cluster-map/move-documents';
import { clustersMask, countMask } from '../../../../src/renderer/features/cluster-map/view-model';

describe('moving lasso-selected documents', () => {
  it('labels the action with the selection size', () => {
    expect(moveButtonText(1)).toBe('Move 1 document');
    expect(moveButtonText(1234)).toBe('Move 1,234 documents');
  });

  it('summarises a move, a move of documents already there, an undo and a redo', () => {
    expect(moveSummary({ moved: 3, requested: 3, label: 'Speech' })).toBe('Moved 3 documents to “Speech”.');
    expect(moveSummary({ moved: 2, requested: 3, label: 'Speech' })).toBe(
      'Moved 2 documents to “Speech” (1 was there already).',
    );
    expect(moveSummary({ moved: 0, requested: 1, label: 'Speech' })).toBe(
      'The 1 document was already in “Speech”.',
    );
    expect(moveSummary({ moved: 5, requested: 5, label: '', undone: true })).toBe(
      'Undid the move: 5 documents are back in their topics.',
    );
    expect(moveSummary({ moved: 1, requested: 1, label: '', redone: true })).toBe('Moved 1 document again.');
  });
});

describe('highlighting several clusters', () => {
  it('marks the points of any of the clusters and nothing else', () => {
    const clusterIds = Int32Array.from([0, 1, -1, 2, 1, 3]);
    const mask = clustersMask(clusterIds, [1, 3]);
    expect(Array.from(mask)).toEqual([0, 1, 0, 0, 1, 1]);
    expect(countMask(mask)).toBe(3);
    expect(countMask(clustersMask(clusterIds, []))).toBe(0);
  });
});
