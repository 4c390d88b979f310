/** What the summary strip says about a project, from the engine's answers (pure, for tests). */
export type SummaryInput = {
  documents: number;
  /** The newest cluster run's topics (sizes include documents placed after clustering). */
  topics: { size: number }[] | null;
  taxonomy: { name: string; categories: number; fallback: boolean } | null;
  /** ISO time the newest cluster run finished, if any. */
  builtAt: string | null;
};

export type SummaryStage = 'empty' | 'imported' | 'built';

export function summaryStage(s: SummaryInput): SummaryStage {
  if (s.documents === 0) return 'empty';
  return s.topics && s.topics.length > 0 ? 'built' : 'imported';
}

const n = (v: number) => v.toLocaleString('en-US');

/** The facts of a built project, each a short phrase: "23,197 documents", "27 topics", "99% placed". */
export function summaryFacts(
  s: SummaryInput,
  now: number = Date.now(),
): { key: string; text: string; title?: string }[] {
  const facts: { key: string; text: string; title?: string }[] = [
    { key: 'documents', text: `${n(s.documents)} documents` },
  ];
  if (!s.topics || s.topics.length === 0) return facts;
  const placed = s.topics.reduce((sum, t) => sum + t.size, 0);
  const share = s.documents > 0 ? placed / s.documents : 0;
  facts.push({ key: 'topics', text: `${n(s.topics.length)} topics` });
  facts.push({
    key: 'coverage',
    text: `${percent(share)} in a topic`,
    title: `${n(placed)} of ${n(s.documents)} documents are in a topic; ${n(Math.max(0, s.documents - placed))} are not`,
  });
  if (s.taxonomy)
    facts.push({
      key: 'taxonomy',
      text: `${s.taxonomy.categories} ${s.taxonomy.categories === 1 ? 'category' : 'categories'}${
        s.taxonomy.fallback ? ' (offline tree)' : ''
      }`,
      title: s.taxonomy.name,
    });
  else facts.push({ key: 'taxonomy', text: 'no taxonomy yet' });
  if (s.builtAt) facts.push({ key: 'built', text: `built ${ago(s.builtAt, now)}`, title: s.builtAt });
  return facts;
}

/** "99%", or one decimal below 10% and above 99% so that small gaps still show. */
export function percent(share: number): string {
  const p = share * 100;
  if (p > 99 && p < 100) return `${p.toFixed(1)}%`;
  if (p > 0 && p < 10) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", else the date. */
export function ago(iso: string, now: number): string {
  const t = Date.parse(iso.endsWith('Z') || iso.includes('+') ? iso : `${iso.replace(' ', 'T')}Z`);
  if (!Number.isFinite(t)) return iso;
  const s = Math.max(0, (now - t) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 86400 * 14) return `${Math.floor(s / 86400)} ${Math.floor(s / 86400) === 1 ? 'day' : 'days'} ago`;
  return new Date(t).toISOString().slice(0, 10);
}
