// @vitest-environment happy-dom
import { useState } from 'react';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { invalidateQueries } from '../../../src/renderer/state/query-cache';
import { useQuery } from '../../../src/renderer/state/use-query';
import type { TaxonomistApi } from '../../../src/shared/api';
import { cleanup, click, fakeEngine, render, settle } from '../../support/react-dom';

afterEach(cleanup);

function Count({ api, id }: { api: TaxonomistApi; id: string }) {
  const info = useQuery(api, 'project:info', {}, { invalidateOn: ['job:finished', 'documents:moved'] });
  return (
    <p data-testid={id}>
      {info.status === 'ready' ? info.data.documents : info.status === 'failed' ? info.error : 'loading'}
    </p>
  );
}

const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent;

describe('useQuery', () => {
  it('shares one request between panels and asks again on the events they name', async () => {
    let documents = 3;
    const fake = fakeEngine({ 'project:info': () => ({ documents }) });
    await render(
      <>
        <Count api={fake.api} id="a" />
        <Count api={fake.api} id="b" />
      </>,
    );
    expect(text('a')).toBe('3');
    expect(text('b')).toBe('3');
    expect(fake.callsTo('project:info')).toHaveLength(1);

    documents = 5;
    await act(async () =>
      fake.emit('job:progress', { jobId: 'j', progress: { stage: 'x', done: 1, total: 2 } }),
    );
    await settle();
    expect(fake.callsTo('project:info')).toHaveLength(1);
    await act(async () => fake.emit('job:finished', { jobId: 'j', result: null }));
    await settle();
    expect(text('a')).toBe('5');
    expect(fake.callsTo('project:info')).toHaveLength(2);

    documents = 6;
    await act(async () => invalidateQueries(fake.api, 'documents:moved'));
    await settle();
    expect(text('b')).toBe('6');
  });

  it('reads NOT_FOUND as empty where asked, and as a failure elsewhere', async () => {
    const fake = fakeEngine({
      'taxonomy:get': () => {
        throw new AppError('NOT_FOUND', 'no taxonomy yet');
      },
    });
    function Tree({ empty }: { empty: boolean }) {
      const t = useQuery(fake.api, 'taxonomy:get', {}, { emptyOnNotFound: empty });
      return <p data-testid={String(empty)}>{t.status === 'ready' ? String(t.data) : t.status}</p>;
    }
    await render(
      <>
        <Tree empty />
        <Tree empty={false} />
      </>,
    );
    expect(text('true')).toBe('null');
    expect(text('false')).toBe('failed');
  });

  it('stops listening when the last reader unmounts', async () => {
    const fake = fakeEngine({ 'project:info': () => ({ documents: 1 }) });
    function Toggle() {
      const [on, setOn] = useState(true);
      return (
        <>
          <button type="button" onClick={() => setOn((v) => !v)}>
            toggle
          </button>
          {on && <Count api={fake.api} id="c" />}
        </>
      );
    }
    await render(<Toggle />);
    expect(text('c')).toBe('1');
    await click(document.querySelector('button'));
    await act(async () => fake.emit('job:finished', { jobId: 'j', result: null }));
    await settle();
    expect(fake.callsTo('project:info')).toHaveLength(1);
  });

  it('keeps the previous answer on screen while a changed input loads', async () => {
    const answers: ((v: unknown) => void)[] = [];
    const fake = fakeEngine({
      'runs:list': () => new Promise((resolve) => answers.push(resolve)),
    });
    function Runs() {
      const [kind, setKind] = useState('cluster');
      const runs = useQuery(fake.api, 'runs:list', { kind }, { keepPrevious: true });
      return (
        <button type="button" data-testid="runs" onClick={() => setKind('reduce')}>
          {runs.status === 'ready' ? runs.data.runs.length : runs.status}
        </button>
      );
    }
    await render(<Runs />);
    expect(text('runs')).toBe('loading');
    await act(async () => answers[0]!({ runs: [] }));
    await settle();
    expect(text('runs')).toBe('0');
    await click(document.querySelector('button'));
    expect(fake.callsTo('runs:list')).toEqual([{ kind: 'cluster' }, { kind: 'reduce' }]);
    expect(text('runs')).toBe('0');
  });
});
