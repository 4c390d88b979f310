import { describe, expect, it } from 'vitest';
import { detectMapping, parseMapOptions, renderText, validateTextTemplate } from '../../../src/engine/corpus';

describe('detectMapping', () => {
  it('recognises common column names regardless of case and punctuation', () => {
    expect(
      detectMapping([
        'ID',
        'Paper Title',
        'Abstract',
        'Publication Year',
        'Authors',
        'Keywords',
        'Journal',
        'URL',
      ]),
    ).toEqual({
      id: 'ID',
      title: 'Paper Title',
      abstract: 'Abstract',
      year: 'Publication Year',
      authors: 'Authors',
      categories: 'Keywords',
      venue: 'Journal',
      url: 'URL',
    });
    expect(detectMapping(['summary', 'name'])).toEqual({ abstract: 'summary', title: 'name' });
  });

  it('prefers abstract over description, and uses each column once', () => {
    expect(detectMapping(['description', 'abstract', 'title'])).toMatchObject({
      abstract: 'abstract',
      title: 'title',
    });
  });

  it('applies overrides, and an empty override turns a field off', () => {
    expect(detectMapping(['t', 'title', 'abstract'], { title: 't', abstract: '' })).toEqual({ title: 't' });
  });

  it('rejects overrides naming a missing column, listing the columns', () => {
    expect(() => detectMapping(['a', 'b'], { title: 'c' })).toThrow(/no column "c"; its columns are: a, b/);
  });
});

describe('parseMapOptions', () => {
  it('parses field=column pairs and refuses unknown fields', () => {
    expect(parseMapOptions(['title=heading', 'abstract = blurb'])).toEqual({
      title: 'heading',
      abstract: 'blurb',
    });
    expect(() => parseMapOptions(['title'])).toThrow(/field=column/);
    expect(() => parseMapOptions(['colour=x'])).toThrow(/unknown field "colour"/);
  });
});

describe('text templates', () => {
  it("render the case study's title:abstract by default form", () => {
    expect(renderText('{title}:{abstract}', { title: 'T', abstract: 'A' })).toBe('T:A');
    expect(renderText('{title} ({year}) {authors}', { title: 'T', year: 2020, authors: ['x', 'y'] })).toBe(
      'T (2020) x, y',
    );
  });
  it('must name known fields and title or abstract', () => {
    expect(() => validateTextTemplate('{title}')).not.toThrow();
    expect(() => validateTextTemplate('{year}')).toThrow(/title.*abstract/);
    expect(() => validateTextTemplate('{title} {nope}')).toThrow(/\{nope\}/);
  });
});
