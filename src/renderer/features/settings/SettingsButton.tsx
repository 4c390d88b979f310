import { useState } from 'react';
import type { SettingsApi } from './SettingsDialog';
import { SettingsDialog } from './SettingsDialog';

/** Opens the settings dialog (API keys, model cache). */
export function SettingsButton({ api }: { api: SettingsApi }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="settings-open" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Settings…
      </button>
      {open && <SettingsDialog api={api} onClose={() => setOpen(false)} />}
    </>
  );
}
