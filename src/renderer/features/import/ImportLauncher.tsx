import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import { ImportWizard } from './ImportWizard';
import './import.css';

/**
 * The way into the import wizard from the project panel: a button, or a prominent call to action
 * while the project has no documents. The wizard stays mounted once opened, so closing it during an
 * import and opening it again shows the running import.
 */
export function ImportLauncher({
  api,
  documents,
  compact = false,
  openSignal = 0,
}: {
  api: TaxonomistApi;
  documents: number;
  /** Only the button (a toolbar's), never the empty project's call to action. */
  compact?: boolean;
  /** Opens the wizard each time it changes to a positive value (another control asked for it). */
  openSignal?: number;
}) {
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  const opener = useRef<HTMLElement | null>(null);
  const [preset, setPreset] = useState<{ path: string; seq: number } | null>(null);

  // File > Import Corpus… in the desktop shell picks the file natively, then hands it to the wizard.
  useEffect(
    () =>
      api.on('menu:command', ({ command, path }) => {
        if (command !== 'import-corpus') return;
        opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        if (path) setPreset((p) => ({ path, seq: (p?.seq ?? 0) + 1 }));
        setMounted(true);
        setOpen(true);
      }),
    [api],
  );

  useEffect(() => {
    if (openSignal <= 0) return;
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setMounted(true);
    setOpen(true);
  }, [openSignal]);

  const show = () => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setMounted(true);
    setOpen(true);
  };
  // Focus goes back once the dialog is gone (it would pull focus back into itself while open).
  const [closings, setClosings] = useState(0);
  const close = () => {
    setOpen(false);
    setClosings((n) => n + 1);
  };
  useLayoutEffect(() => {
    if (closings === 0) return;
    // The call to action is gone once documents arrived; its successor takes the focus.
    if (opener.current?.isConnected) opener.current.focus();
    else document.querySelector<HTMLElement>('.import-launch')?.focus();
  }, [closings]);

  return (
    <>
      {documents === 0 && !compact ? (
        <div className="import-cta" role="region" aria-labelledby="import-cta-title">
          <h3 id="import-cta-title">Start with a corpus</h3>
          <p>
            This project has no documents yet. Import papers from a CSV, TSV, JSON, JSON Lines or Parquet file
            (gzip too): you will see the first rows, choose the columns and check the rows before anything is
            stored.
          </p>
          <button type="button" className="import-launch primary" onClick={show}>
            Import corpus…
          </button>
        </div>
      ) : (
        <button type="button" className="import-launch" onClick={show} title="Import papers from a file">
          {compact ? 'Import…' : 'Import corpus…'}
        </button>
      )}
      {mounted && <ImportWizard api={api} open={open} onClose={close} preset={preset} />}
    </>
  );
}
