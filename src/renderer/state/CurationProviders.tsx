import type { ReactNode } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import { EditHistoryProvider } from './EditHistoryProvider';
import { TopicLabelsProvider } from './TopicLabelsProvider';

/** What the curator's panels share: the topic labels every view shows, and the one edit history. */
export function CurationProviders({
  api,
  children,
}: {
  api: TaxonomistApi | undefined;
  children: ReactNode;
}) {
  return (
    <TopicLabelsProvider api={api}>
      <EditHistoryProvider api={api}>{children}</EditHistoryProvider>
    </TopicLabelsProvider>
  );
}
